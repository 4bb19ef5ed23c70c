import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { linkedinEnv, metaEnv, workerEnv, xEnv, type WorkerEnv } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import {
  answerLinkedInChallenge, decideComment, ingestLinkedInWebhook, ingestMetaWebhook, linkedinClientFromEnv, metaClientFromEnv, platformClientsFromEnv, requestPrivateReply,
  sha256Hex, signLinkedInPayload, xClientFromEnv,
} from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { waitFor } from "./wait-for.js";

// Instagram and LinkedIn end to end against the simulator over real HTTP: signed deliveries reach a
// receiver that runs the ingest, the worker (real Redis, a prefix of our own) re-reads, scans and
// acts through the connectors. Instagram hides; LinkedIn has no hide, so a PHI comment is escalated,
// or deleted where the org allows it. Our own sentences only.
const PHI = "Please pray for my brother Leopold Tamura, he is on your cancer ward after his lymphoma came back";
const CLEAN = "The new parking garage makes visiting so much easier, thank you";

const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };
const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let sim: Simulator;
let receiver: Server;
let receiverUrl: string;
let redis: Redis;
let producer: Producer;
let worker: WorkerHandle;
let lines: string[] = [];
let org: TestOrg;
let deleting: TestOrg;
// Account ids are unique across orgs and the test database outlives the simulator: fresh ones per run.
const unique = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-15);
const ig = { page: `78${unique()}`, ig: `1784${unique()}` };
const li = { a: `urn:li:organization:${unique()}`, b: `urn:li:organization:${unique()}1` };

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}
const calls = async (commentId: string) => (await control<{ data: { type: string; platform: string; ok: boolean }[] }>("GET", `/calls?commentId=${encodeURIComponent(commentId)}`)).data;
const comment = (o: TestOrg, externalId: string) => db().socialComment.findFirst({ where: { orgId: o.org.id, externalId } });
const clients = () =>
  platformClientsFromEnv(metaClientFromEnv(metaEnv(), { graphUrl: sim.url }), { linkedin: linkedinClientFromEnv(linkedinEnv(), { apiBase: sim.url }), x: xClientFromEnv(xEnv(), { apiBase: sim.url }) });

/** What the two webhook route handlers do (the routes themselves are tested in apps/web). */
function receive(path: string, raw: Buffer, header: (name: string) => string | null) {
  const rawBody = new Uint8Array(raw);
  return path === "/linkedin" ? ingestLinkedInWebhook({ rawBody, signature: header("x-li-signature") }, { producer }) : ingestMetaWebhook({ rawBody, signature: header("x-hub-signature-256") }, { producer });
}

beforeAll(async () => {
  redis = createProducerRedis(env.REDIS_URL);
  producer = createProducer(redis, { prefix });
  receiver = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET") {
      try {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answerLinkedInChallenge(url.searchParams)));
      } catch (e) {
        res.writeHead((e as { status?: number }).status ?? 500).end("{}");
      }
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      receive(url.pathname, Buffer.concat(chunks), (n) => (req.headers[n] as string | undefined) ?? null).then(
        () => res.writeHead(200).end("{}"),
        (e: { status?: number }) => res.writeHead(e.status ?? 500).end("{}"),
      );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim = await createSimulator({ port: 0, callbackUrl: `${receiverUrl}/meta`, linkedinCallbackUrl: `${receiverUrl}/linkedin`, log: () => undefined });

  [org, deleting] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  await db().organization.update({ where: { id: deleting.org.id }, data: { autoDeleteBlocking: true } });
  const { pages } = await control<{ pages: { id: string; accessToken: string }[] }>("POST", "/pages", { pages: [{ id: ig.page, name: "Pipeline Clinic", igUserId: ig.ig }] });
  await connectTestAccount(org.org.id, org.users.ADMIN.id, { platform: "INSTAGRAM", externalId: ig.ig, token: pages.find((p) => p.id === ig.page)!.accessToken });
  const { orgs } = await control<{ orgs: { urn: string; accessToken: string }[] }>("POST", "/linkedin/orgs", { orgs: [{ id: li.a.split(":").pop(), name: "Pipeline Clinic" }, { id: li.b.split(":").pop(), name: "Deleting Clinic" }] });
  await connectTestAccount(org.org.id, org.users.ADMIN.id, { platform: "LINKEDIN", externalId: li.a, token: orgs.find((o) => o.urn === li.a)!.accessToken });
  await connectTestAccount(deleting.org.id, deleting.users.ADMIN.id, { platform: "LINKEDIN", externalId: li.b, token: orgs.find((o) => o.urn === li.b)!.accessToken });
  worker = await startWorker(env, {
    prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }), scheduleIntervalMs: 0, dispatchIntervalMs: 100,
    platformClients: clients(), moderation: { backoffMs: () => 200 }, jobDefaults: { backoff: { type: "fixed", delay: 50 } },
  });
});

afterAll(async () => {
  await worker?.close({ force: true });
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await sim.close();
  await new Promise((r) => receiver.close(r));
  await redis.quit();
  expect(lines.join("\n")).not.toMatch(/Leopold|Tamura|lymphoma/);
  lines = [];
});

describe("Instagram", () => {
  it("a PHI comment is hidden with POST /{ig-comment-id} hide=true; a clean one stays visible", async () => {
    const phi = await control<{ commentId: string }>("POST", "/comments", { platform: "instagram", igUserId: ig.ig, message: PHI, from: { name: "ig.visitor" } });
    const clean = await control<{ commentId: string }>("POST", "/comments", { platform: "instagram", igUserId: ig.ig, message: CLEAN });
    await waitFor(async () => (await comment(org, phi.commentId))?.hiddenAt, "the Instagram comment hidden", 10_000);
    expect(await comment(org, phi.commentId)).toMatchObject({ platform: "INSTAGRAM", verdict: "block", status: "HIDDEN_PENDING_REVIEW" });
    expect(await calls(phi.commentId)).toEqual([expect.objectContaining({ type: "hide", platform: "instagram", ok: true })]);
    expect((await control<{ isHidden: boolean }>("GET", `/comments/${phi.commentId}`)).isHidden).toBe(true);
    await waitFor(async () => (await comment(org, clean.commentId))?.scannedAt, "the clean comment scanned", 10_000);
    expect(await comment(org, clean.commentId)).toMatchObject({ verdict: "allow", hiddenAt: null, status: "NEW" });
    expect(await calls(clean.commentId)).toEqual([]);
  });
});

describe("LinkedIn", () => {
  it("answers the challenge; a bad signature is refused with 401 and nothing is stored", async () => {
    expect(await control("POST", "/linkedin/callback/verify")).toEqual({ ok: true, status: 200 });
    const body = JSON.stringify({ type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", notifications: [{ organizationalEntity: li.a, action: "COMMENT", lastModifiedAt: Date.now(), generatedActivity: "urn:li:comment:(urn:li:activity:1,2)" }] });
    const post = (signature: string) => fetch(`${receiverUrl}/linkedin`, { method: "POST", headers: { "content-type": "application/json", "x-li-signature": signature }, body });
    expect((await post(signLinkedInPayload(body, "not-the-client-secret-at-all"))).status).toBe(401);
    expect((await post("0".repeat(64))).status).toBe(401);
    expect(await db().webhookDelivery.count({ where: { orgId: ANY_ORG, bodySha256: sha256Hex(body) } })).toBe(0);
    expect((await post(signLinkedInPayload(body, linkedinEnv().LINKEDIN_CLIENT_SECRET!))).status).toBe(200);
    expect(await db().webhookDelivery.count({ where: { orgId: ANY_ORG, bodySha256: sha256Hex(body) } })).toBe(1);
  });

  it("a PHI comment is escalated (no hide on LinkedIn, no auto-delete): nothing is sent, hide and private reply are refused", async () => {
    const made = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: li.a, message: PHI, duplicate: 2 });
    await waitFor(async () => (await comment(org, made.commentUrn))?.status === "ESCALATED", "the LinkedIn comment escalated", 10_000);
    const c = (await comment(org, made.commentUrn))!;
    expect(c).toMatchObject({ platform: "LINKEDIN", verdict: "block", needsReview: true, hiddenAt: null, deletedAt: null });
    expect(await db().commentEvent.count({ where: { orgId: org.org.id, objectId: made.commentUrn } })).toBe(1);
    expect(await db().moderationAction.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
    const audit = await db().auditEvent.findMany({ where: { orgId: org.org.id, targetId: c.id, action: "comment.escalated" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Leopold|Tamura|lymphoma/);
    const refused = await expectAppError(decideComment(org.ctx.COMPLIANCE_OFFICER, { commentId: c.id, action: "hide" }, { clients: clients() }), "CONFLICT");
    expect(refused.message).toMatch(/LinkedIn offers no hiding/);
    await expectAppError(requestPrivateReply(org.ctx.COMPLIANCE_OFFICER, { commentId: c.id, text: "Please call us" }, { clients: clients() }), "CONFLICT");
    expect(await calls(made.commentUrn)).toEqual([]);
    expect((await control<{ deleted: boolean }>("GET", `/linkedin/comments/${made.commentUrn.match(/,(\d+)\)$/)![1]}`)).deleted).toBe(false);

    // A person may still delete it: the outbox sends DELETE as the organization.
    await decideComment(org.ctx.COMPLIANCE_OFFICER, { commentId: c.id, action: "delete" }, { clients: clients() });
    expect(await calls(made.commentUrn)).toEqual([expect.objectContaining({ type: "delete", platform: "linkedin", ok: true })]);
  });

  it("where the org allows auto-delete, a PHI comment is snapshotted and deleted on LinkedIn; a clean one stays", async () => {
    const phi = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: li.b, message: PHI });
    const clean = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: li.b, message: CLEAN });
    await waitFor(async () => (await comment(deleting, phi.commentUrn))?.deletedAt, "the LinkedIn comment deleted", 10_000);
    const c = (await comment(deleting, phi.commentUrn))!;
    expect(c).toMatchObject({ verdict: "block", status: "RESOLVED" });
    expect(await db().moderationAction.findMany({ where: { orgId: deleting.org.id, commentId: c.id } })).toEqual([expect.objectContaining({ kind: "DELETE", status: "SENT", requestedById: null })]);
    expect(await db().commentSnapshot.count({ where: { orgId: deleting.org.id, commentId: c.id } })).toBe(1);
    expect(await calls(phi.commentUrn)).toEqual([expect.objectContaining({ type: "delete", platform: "linkedin", ok: true })]);
    await waitFor(async () => (await comment(deleting, clean.commentUrn))?.scannedAt, "the clean comment scanned", 10_000);
    expect(await comment(deleting, clean.commentUrn)).toMatchObject({ verdict: "allow", status: "NEW", deletedAt: null });
    expect(await calls(clean.commentUrn)).toEqual([]);
  });
});
