import { randomUUID } from "node:crypto";
import { baseEnv, linkedinEnv, xEnv } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import {
  checkConnectedAccounts, completeAccountConnect, linkedinClientFromEnv, linkedinOAuthFromEnv, openModerationField, pollXReplies, startAccountConnect, withXAccountToken,
  xClientFromEnv, xOAuthFromEnv, xPlatformClient, type ConnectPlatform,
} from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// LinkedIn and X accounts connected through their OAuth flows (the domain use cases, against the
// simulator over real HTTP), then used by the worker: X's 2-hour tokens are refreshed before they
// expire and after a 401, with the rotated refresh token stored at once (the old one refused from
// then on, and two concurrent refreshes spending it once); the account check marks expired and
// revoked LinkedIn and X tokens and tells the admins, and renews a LinkedIn token that can be.

let sim: Simulator;
let redis: Redis;
let producer: Producer;
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-12);
const REDIRECT = "http://127.0.0.1:3999/api/oauth/cb";
let deps: {
  xOAuth: ReturnType<typeof xOAuthFromEnv>; x: ReturnType<typeof xClientFromEnv>;
  linkedinOAuth: ReturnType<typeof linkedinOAuthFromEnv>; linkedin: ReturnType<typeof linkedinClientFromEnv>; redirectUri: string;
};

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** Runs the connect flow as the org's admin: consent in the simulator, then the callback's use case. */
async function connect(org: TestOrg, platform: ConnectPlatform, extra = "") {
  const { authorizeUrl } = await startAccountConnect(org.ctx.ADMIN, { platform }, deps);
  const res = await fetch(authorizeUrl + extra, { redirect: "manual" });
  const query = Object.fromEntries(new URL(res.headers.get("location")!).searchParams);
  const result = await completeAccountConnect(org.ctx.ADMIN, { ...query, platform }, deps);
  expect(result.status).toBe("connected");
  const { id } = (result as { accounts: { id: string }[] }).accounts[0]!;
  return db().connectedAccount.findFirstOrThrow({ where: { orgId: org.org.id, id } });
}

/** A fresh X account (ids are unique across orgs, and the database outlives the simulator), connected. */
async function connectX(org: TestOrg) {
  const id = `79${uid()}`;
  await control("POST", "/x/accounts", { accounts: [{ id, username: `tok_${id.slice(-8)}` }] });
  return connect(org, "X", `&login_as=${id}`);
}

/** A fresh LinkedIn organization that the demo member alone administers, connected. */
async function connectLinkedIn(org: TestOrg) {
  await control("POST", "/reset");
  await control("POST", "/linkedin/orgs", { orgs: [{ id: "3000001", name: "Vetted Demo Clinic", administered: false }, { id: `8${uid()}`, name: "Token Clinic" }] });
  return connect(org, "LINKEDIN");
}

const secretOf = (row: { id: string; orgId: string }, cipher: string | null, field: "token" | "refresh") => openModerationField(cipher!, "connected-account", row.orgId, row.id, field);
const reload = (row: { id: string; orgId: string }) => db().connectedAccount.findFirstOrThrow({ where: { orgId: row.orgId, id: row.id } });
const check = (org: TestOrg) => checkConnectedAccounts({ orgId: org.org.id, minIntervalMs: 0, x: deps.x, xOAuth: deps.xOAuth, linkedinOAuth: deps.linkedinOAuth });
const refreshes = async (org: TestOrg, accountId: string) => (await auditEventsFor(org.org.id, { action: "account.token_refreshed", targetId: accountId })).length;

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix: `vetted-test-${randomUUID().slice(0, 8)}` });
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  // The simulator knows the labelled development OAuth clients, the app's defaults outside production.
  deps = {
    xOAuth: xOAuthFromEnv(xEnv(), { apiBase: sim.url, authorizeUrl: `${sim.url}/i/oauth2/authorize`, timeoutMs: 5_000 }),
    x: xClientFromEnv(xEnv(), { apiBase: sim.url, timeoutMs: 5_000 }),
    linkedinOAuth: linkedinOAuthFromEnv(linkedinEnv(), { authorizeUrl: `${sim.url}/oauth/v2/authorization`, authBase: sim.url, timeoutMs: 5_000 }),
    linkedin: linkedinClientFromEnv(linkedinEnv(), { apiBase: sim.url, timeoutMs: 5_000 }),
    redirectUri: REDIRECT,
  };
});

afterAll(async () => {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
  await sim.close();
});

describe("X token refresh", () => {
  it("after a 401 the poll refreshes: new pair stored, the old refresh token refused from then on", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectX(org);
    const oldAccess = secretOf(row, row.tokenCipher, "token");
    const oldRefresh = secretOf(row, row.refreshTokenCipher, "refresh");
    await control("POST", "/x/tweets", { authorId: row.externalId, text: "Walk-in hours this week" });
    // X's clock passes the 2 hours; Vetted's record of the expiry does not know yet: X answers 401.
    await control("POST", "/clock", { advanceSeconds: 2 * 3600 + 60 });

    expect(await pollXReplies({ x: deps.x, xOAuth: deps.xOAuth, producer, orgId: org.org.id, intervalMs: 0 })).toMatchObject({ accounts: 1, posts: 1, failed: 0 });
    const after = await reload(row);
    expect(after.status).toBe("ACTIVE");
    const newAccess = secretOf(after, after.tokenCipher, "token");
    const newRefresh = secretOf(after, after.refreshTokenCipher, "refresh");
    expect(newAccess).not.toBe(oldAccess);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(after.tokenExpiresAt!.getTime()).toBeGreaterThan(row.tokenExpiresAt!.getTime());
    expect((await deps.x.getMe(newAccess)).id).toBe(row.externalId);
    expect(await deps.xOAuth.refresh(oldRefresh).then(() => "accepted", (e: { code: string }) => e.code)).toBe("TOKEN_INVALID");
    expect(await refreshes(org, row.id)).toBe(1);
    const audits = JSON.stringify(await auditEventsFor(org.org.id, {}));
    for (const secret of [oldRefresh, newRefresh, newAccess]) expect(audits).not.toContain(secret.slice(3, 40));
  });

  it("refreshes once before expiry for concurrent callers, and a hide goes out with the new token", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectX(org);
    const post = await control<{ id: string }>("POST", "/x/tweets", { authorId: row.externalId, text: "Open house Saturday" });
    const reply = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: post.id, text: "see you there" });
    // Vetted's record says the token ends within a minute: it is refreshed before use, once.
    await db().connectedAccount.updateMany({ where: { orgId: org.org.id, id: row.id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const ref = { orgId: org.org.id, accountId: row.id };
    const [me1, me2] = await Promise.all([withXAccountToken(ref, (t) => deps.x.getMe(t), { xOAuth: deps.xOAuth }), withXAccountToken(ref, (t) => deps.x.getMe(t), { xOAuth: deps.xOAuth })]);
    expect([me1.id, me2.id]).toEqual([row.externalId, row.externalId]);
    expect(await refreshes(org, row.id)).toBe(1);

    // The hide path, handed the stale token by the outbox: the account row lets it refresh (again due).
    await db().connectedAccount.updateMany({ where: { orgId: org.org.id, id: row.id }, data: { tokenExpiresAt: new Date(Date.now() - 1_000) } });
    const stale = secretOf(row, row.tokenCipher, "token");
    await xPlatformClient(deps.x, { xOAuth: deps.xOAuth }).setCommentHidden({ platform: "X", externalId: row.externalId, accessToken: stale, accountId: row.id, orgId: org.org.id }, reply.id, true);
    expect((await control<{ hidden: boolean }>("GET", `/x/tweets/${reply.id}`)).hidden).toBe(true);
    expect(await refreshes(org, row.id)).toBe(2);
  });
});

describe("the account check for LinkedIn and X", () => {
  it("marks a revoked X grant REVOKED and one that ran out EXPIRED, tells the admins once, keeps a healthy one", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const healthy = await connectX(org);
    const revoked = await connectX(org);
    const ranOut = await connectX(org);
    for (const field of ["token", "refresh"] as const) {
      await control("POST", "/x/tokens/revoke", { token: secretOf(revoked, field === "token" ? revoked.tokenCipher : revoked.refreshTokenCipher, field) });
    }
    await control("POST", "/x/tokens/revoke", { token: secretOf(ranOut, ranOut.refreshTokenCipher, "refresh") });
    await db().connectedAccount.updateMany({ where: { orgId: org.org.id, id: ranOut.id }, data: { tokenExpiresAt: new Date(Date.now() - 1_000) } });

    expect(await check(org)).toEqual({ checked: 3, expired: 1, revoked: 1, resubscribed: 0, failed: 0 });
    expect(await reload(revoked)).toMatchObject({ status: "REVOKED", lastErrorCode: "TOKEN_INVALID" });
    expect(await reload(ranOut)).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_EXPIRED" });
    expect(await reload(healthy)).toMatchObject({ status: "ACTIVE", lastErrorCode: null, lastCheckedAt: expect.any(Date) });
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected" } })).toBe(2);
    expect((await auditEventsFor(org.org.id, { action: "account.token_invalid", targetId: revoked.id })).map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "X", status: "REVOKED" })]);
    expect(await check(org)).toEqual({ checked: 1, expired: 0, revoked: 0, resubscribed: 0, failed: 0 });
  });

  it("introspects LinkedIn tokens: revoked → REVOKED; expired → renewed with the refresh token, or EXPIRED when that ran out too", async () => {
    const revokedOrg = await createOrgWithMembers();
    const revoked = await connectLinkedIn(revokedOrg);
    expect(revoked).toMatchObject({ platform: "LINKEDIN", refreshTokenCipher: expect.stringMatching(/^v1:/) });
    await control("POST", "/linkedin/tokens/revoke", { token: secretOf(revoked, revoked.tokenCipher, "token") });
    await control("POST", "/linkedin/tokens/revoke", { token: secretOf(revoked, revoked.refreshTokenCipher, "refresh") });
    expect(await check(revokedOrg)).toMatchObject({ checked: 1, revoked: 1 });
    expect(await reload(revoked)).toMatchObject({ status: "REVOKED", lastErrorCode: "TOKEN_INVALID" });
    expect(await db().notification.count({ where: { orgId: revokedOrg.org.id, kind: "account_disconnected" } })).toBe(1);

    const renewedOrg = await createOrgWithMembers();
    const renewed = await connectLinkedIn(renewedOrg);
    await control("POST", "/clock", { advanceSeconds: 61 * 86_400 });
    expect(await check(renewedOrg)).toMatchObject({ checked: 1, expired: 0, revoked: 0 });
    const after = await reload(renewed);
    expect(after).toMatchObject({ status: "ACTIVE", lastErrorCode: null });
    expect(secretOf(after, after.tokenCipher, "token")).not.toBe(secretOf(renewed, renewed.tokenCipher, "token"));
    expect((await deps.linkedinOAuth.introspect(secretOf(after, after.tokenCipher, "token"))).active).toBe(true);

    const expiredOrg = await createOrgWithMembers();
    const expired = await connectLinkedIn(expiredOrg);
    await control("POST", "/clock", { advanceSeconds: 366 * 86_400 });
    expect(await check(expiredOrg)).toMatchObject({ checked: 1, expired: 1 });
    expect(await reload(expired)).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_EXPIRED" });
    expect(await db().connectedAccount.count({ where: { orgId: ANY_ORG, id: expired.id, status: "ACTIVE" } })).toBe(0);
  });
});
