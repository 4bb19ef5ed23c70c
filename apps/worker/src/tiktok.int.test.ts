import { randomUUID } from "node:crypto";
import { baseEnv, linkedinEnv, metaEnv, tiktokEnv } from "@vetted/config";
import { db } from "@vetted/db";
import {
  checkConnectedAccounts, completeAccountConnect, discoverTikTokVideos, draftPublicReply, requestPrivateReply, sendModerationAction, linkedinClientFromEnv, metaClientFromEnv, openModerationField, platformClientsFromEnv,
  processCommentEvent, reconcilePostComments, startAccountConnect, tiktokClientFromEnv, tiktokOAuthFromEnv,
} from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A TikTok Business account through the simulator, step by step (no worker running, so every call is
// the test's): connected through OAuth (both tokens stored encrypted, the grant's open_id as the
// account), its videos of the last 7 days found and their comments listed by the comment poll, a PHI
// comment hidden exactly once and a second poll adding nothing; an expired access token renewed with
// the refresh token; a grant the account holder took back marks the account and tells the admins.
// Our own sentences only.
const PHI = "Ingrid Vasquez-Thorne from room 12 was given her dialysis schedule at your clinic on Tuesday, she is doing better";
const CLEAN = "What time does the walk-in vaccination clinic open on Saturday?";
const REDIRECT = "http://127.0.0.1:3999/api/oauth/tiktok/callback";

let sim: Simulator;
let redis: Redis;
let producer: Producer;
let deps: { tiktok: ReturnType<typeof tiktokClientFromEnv>; tiktokOAuth: ReturnType<typeof tiktokOAuthFromEnv>; redirectUri: string };
let clients: ReturnType<typeof platformClientsFromEnv>;
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-12);

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** A fresh TikTok account (open_ids are unique across orgs and the database outlives the simulator), connected by the org's admin. */
async function connectTikTok(org: TestOrg) {
  const openId = `tt-${uid()}`;
  await control("POST", "/tiktok/accounts", { accounts: [{ openId, username: `clinic_${openId.slice(-6)}` }] });
  const { authorizeUrl } = await startAccountConnect(org.ctx.ADMIN, { platform: "TIKTOK" }, deps);
  const res = await fetch(`${authorizeUrl}&login_as=${openId}`, { redirect: "manual" });
  const query = Object.fromEntries(new URL(res.headers.get("location")!).searchParams);
  const result = await completeAccountConnect(org.ctx.ADMIN, { ...query, platform: "TIKTOK" }, deps);
  expect(result.status).toBe("connected");
  const { id } = (result as { accounts: { id: string }[] }).accounts[0]!;
  return db().connectedAccount.findFirstOrThrow({ where: { orgId: org.org.id, id } });
}

const secretOf = (row: { id: string; orgId: string }, cipher: string | null, field: "token" | "refresh") => openModerationField(cipher!, "connected-account", row.orgId, row.id, field);
const reload = (row: { id: string; orgId: string }) => db().connectedAccount.findFirstOrThrow({ where: { orgId: row.orgId, id: row.id } });
const discover = (org: TestOrg) => discoverTikTokVideos({ ...deps, orgId: org.org.id });
const reconcile = (org: TestOrg) => reconcilePostComments({ clients, producer, orgId: org.org.id, intervalMs: 0 });
const calls = async (type: string) => (await control<{ data: { platform: string; commentId?: string; ok: boolean }[] }>("GET", `/calls?type=${type}`)).data.filter((c) => c.platform === "tiktok");

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix: `vetted-test-${randomUUID().slice(0, 8)}` });
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  // The simulator knows the labelled development TikTok app, the app's default outside production.
  deps = {
    tiktok: tiktokClientFromEnv(tiktokEnv(), { apiBase: sim.url, timeoutMs: 5_000 }),
    tiktokOAuth: tiktokOAuthFromEnv(tiktokEnv(), { apiBase: sim.url, authorizeUrl: `${sim.url}/v2/auth/authorize/`, timeoutMs: 5_000 }),
    redirectUri: REDIRECT,
  };
  clients = platformClientsFromEnv(metaClientFromEnv(metaEnv(), { graphUrl: sim.url }), { linkedin: linkedinClientFromEnv(linkedinEnv(), { apiBase: sim.url }), ...deps });
});

afterAll(async () => {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
  await sim.close();
});

describe("TikTok", () => {
  it("connects a Business account through OAuth: the grant's open_id, both tokens encrypted, audited", async () => {
    const org = await createOrgWithMembers();
    const { authorizeUrl } = await startAccountConnect(org.ctx.ADMIN, { platform: "TIKTOK" }, deps);
    const url = new URL(authorizeUrl);
    expect(url.pathname).toBe("/v2/auth/authorize/");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_key: tiktokEnv().TIKTOK_CLIENT_ID, response_type: "code", redirect_uri: REDIRECT, scope: "user.info.basic,video.list,comment.list,comment.list.manage" });
    const row = await connectTikTok(org);
    expect(row).toMatchObject({ platform: "TIKTOK", status: "ACTIVE", externalId: expect.stringMatching(/^tt-/), name: expect.stringMatching(/^@clinic_/), scopes: ["user.info.basic", "video.list", "comment.list", "comment.list.manage"] });
    expect(row.tokenCipher).toMatch(/^v1:/);
    expect(row.refreshTokenCipher).toMatch(/^v1:/);
    expect(row.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // The stored secrets open to working tokens, and neither is stored in the clear.
    expect(await deps.tiktok.getBusiness(secretOf(row, row.tokenCipher, "token"), row.externalId)).toMatchObject({ username: row.name.slice(1) });
    expect(row.tokenCipher).not.toContain(secretOf(row, row.tokenCipher, "token"));
    expect((await auditEventsFor(org.org.id, { action: "account.connect_started" })).map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "TIKTOK" }), expect.objectContaining({ platform: "TIKTOK" })]);
  });

  it("finds the account's recent videos, hides a PHI comment exactly once, and a second poll does nothing", async () => {
    const org = await createOrgWithMembers();
    const row = await connectTikTok(org);
    const video = await control<{ id: string }>("POST", "/tiktok/videos", { openId: row.externalId });
    // Published 8 days ago: past the 7-day window, never polled.
    const old = await control<{ id: string }>("POST", "/tiktok/videos", { openId: row.externalId, ageSeconds: 8 * 86_400 });
    const phi = await control<{ id: string }>("POST", "/tiktok/comments", { videoId: video.id, text: PHI, username: "viewer_one" });
    const clean = await control<{ id: string }>("POST", "/tiktok/comments", { videoId: video.id, text: CLEAN, username: "viewer_two" });
    await control("POST", "/tiktok/comments", { videoId: video.id, text: "Thanks for asking, 9 am!", parentId: clean.id, owner: true });

    expect(await discover(org)).toEqual({ accounts: 1, videos: 1, failed: 0 });
    expect(await discover(org)).toEqual({ accounts: 1, videos: 0, failed: 0 });
    expect(await db().commentPoll.findMany({ where: { orgId: org.org.id }, select: { postExternalId: true, handoffId: true } })).toEqual([{ postExternalId: video.id, handoffId: null }]);
    expect(old.id).not.toBe(video.id);

    // The account's own reply is the org's words: two comments become events, once each.
    expect(await reconcile(org)).toMatchObject({ polled: 1, listed: 2, events: 2, failed: 0 });
    const events = await db().commentEvent.findMany({ where: { orgId: org.org.id }, orderBy: { objectId: "asc" } });
    expect(events.map((e) => [e.objectId, e.platform, e.verb, e.postExternalId])).toEqual([[phi.id, "TIKTOK", "add", video.id], [clean.id, "TIKTOK", "add", video.id]]);
    for (const e of events) await processCommentEvent({ orgId: org.org.id, commentEventId: e.id }, { clients });

    expect((await control<{ hidden: boolean }>("GET", `/tiktok/comments/${phi.id}`)).hidden).toBe(true);
    expect((await control<{ hidden: boolean }>("GET", `/tiktok/comments/${clean.id}`)).hidden).toBe(false);
    expect((await calls("hide")).filter((c) => c.commentId === phi.id)).toEqual([expect.objectContaining({ ok: true })]);
    expect(await db().socialComment.findFirst({ where: { orgId: org.org.id, externalId: phi.id } })).toMatchObject({ platform: "TIKTOK", verdict: "block", hiddenAt: expect.any(Date), postExternalId: video.id });
    expect(await db().moderationAction.findMany({ where: { orgId: org.org.id, kind: "HIDE" }, select: { status: true } })).toEqual([{ status: "SENT" }]);

    // Listed again (now with the PHI comment hidden, as Vetted stored it): nothing differs, nothing added.
    expect(await reconcile(org)).toMatchObject({ polled: 1, listed: 2, events: 0, failed: 0 });
    expect(await db().commentEvent.count({ where: { orgId: org.org.id } })).toBe(2);
    expect((await calls("hide")).filter((c) => c.commentId === phi.id)).toHaveLength(1);
    expect((await control<{ data: { videoId: string }[] }>("GET", "/tiktok/listings")).data.filter((l) => l.videoId === old.id)).toEqual([]);
  });

  it("answers a comment publicly under its video; a private reply or one over 150 characters is refused before anything is sent", async () => {
    const org = await createOrgWithMembers();
    const row = await connectTikTok(org);
    const video = await control<{ id: string }>("POST", "/tiktok/videos", { openId: row.externalId });
    const c = await control<{ id: string }>("POST", "/tiktok/comments", { videoId: video.id, text: CLEAN });
    await discover(org);
    await reconcile(org);
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, objectId: c.id } });
    const { commentId } = await processCommentEvent({ orgId: org.org.id, commentEventId: event.id }, { clients });
    expect((await expectAppError(requestPrivateReply(org.ctx.ADMIN, { commentId, text: "Please send us a message." }, { clients }), "CONFLICT")).message).toBe("TikTok offers no private replies: answer on the platform itself or escalate it");
    expect(await expectAppError(draftPublicReply(org.ctx.ADMIN, { commentId, text: "Our doors open at nine on Saturdays. ".repeat(5) }), "VALIDATION")).toMatchObject({ fields: { text: ["at most 150 characters on TikTok"] } });
    expect(await db().moderationAction.count({ where: { orgId: org.org.id } })).toBe(0);
    await draftPublicReply(org.ctx.ADMIN, { commentId, text: "We open at 9 am on Saturdays, see you then!" });
    const action = await db().moderationAction.findFirstOrThrow({ where: { orgId: org.org.id, commentId: commentId!, kind: "PUBLIC_REPLY" } });
    expect(await sendModerationAction(org.org.id, action.id, { clients })).toBe("SENT");
    const replies = (await control<{ data: { parentId?: string; owner: boolean; text: string }[] }>("GET", "/tiktok/comments")).data.filter((r) => r.parentId === c.id);
    expect(replies).toEqual([expect.objectContaining({ owner: true, text: "We open at 9 am on Saturdays, see you then!" })]);
    // The account's own reply, listed with the comment at the next poll, is not taken for a commenter's.
    expect(await reconcile(org)).toMatchObject({ listed: 1, events: 0 });
  });

  it("renews an expired access token with the refresh token (under the row's lock) and goes on polling", async () => {
    const org = await createOrgWithMembers();
    const row = await connectTikTok(org);
    const video = await control<{ id: string }>("POST", "/tiktok/videos", { openId: row.externalId });
    expect(await discover(org)).toMatchObject({ videos: 1 });
    // TikTok's clock passes the 24 hours; Vetted's record of the expiry does not know yet: TikTok refuses the token (40105).
    await control("POST", "/clock", { advanceSeconds: 86_400 + 60 });
    await control("POST", "/tiktok/comments", { videoId: video.id, text: CLEAN });
    expect(await reconcile(org)).toMatchObject({ polled: 1, listed: 1, events: 1, failed: 0 });
    const after = await reload(row);
    expect(after.status).toBe("ACTIVE");
    expect(secretOf(after, after.tokenCipher, "token")).not.toBe(secretOf(row, row.tokenCipher, "token"));
    expect(secretOf(after, after.refreshTokenCipher, "refresh")).not.toBe(secretOf(row, row.refreshTokenCipher, "refresh"));
    expect((await auditEventsFor(org.org.id, { action: "account.token_refreshed", targetId: row.id })).map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "TIKTOK", rotated: true })]);
    // The spent refresh token is refused by TikTok from now on.
    await expect(deps.tiktokOAuth.refresh(secretOf(row, row.refreshTokenCipher, "refresh"))).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });

  it("a grant the account holder took back marks the account REVOKED and tells the admins once; the poll stops using it", async () => {
    const org = await createOrgWithMembers();
    const row = await connectTikTok(org);
    const healthy = await connectTikTok(await createOrgWithMembers());
    await control("POST", "/tiktok/accounts/remove-app", { openId: row.externalId });
    const check = () => checkConnectedAccounts({ orgId: org.org.id, minIntervalMs: 0, ...deps });
    expect(await check()).toEqual({ checked: 1, expired: 0, revoked: 1, resubscribed: 0, failed: 0 });
    expect(await reload(row)).toMatchObject({ status: "REVOKED", lastErrorCode: "TOKEN_INVALID" });
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected" } })).toBe(1);
    expect((await auditEventsFor(org.org.id, { action: "account.token_invalid", targetId: row.id })).map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "TIKTOK", status: "REVOKED" })]);
    expect(await check()).toEqual({ checked: 0, expired: 0, revoked: 0, resubscribed: 0, failed: 0 });
    expect(await discover(org)).toEqual({ accounts: 0, videos: 0, failed: 0 });
    // Another org's TikTok account is untouched.
    expect(await reload(healthy)).toMatchObject({ status: "ACTIVE" });
  });

  it("the discovery poll marks an account whose token TikTok refuses EXPIRED and tells the admins", async () => {
    const org = await createOrgWithMembers();
    const row = await connectTikTok(org);
    await control("POST", "/tiktok/accounts/remove-app", { openId: row.externalId });
    expect(await discover(org)).toEqual({ accounts: 0, videos: 0, failed: 1 });
    expect(await reload(row)).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_INVALID" });
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected" } })).toBe(1);
  });
});
