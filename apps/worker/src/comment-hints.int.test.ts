import { randomUUID } from "node:crypto";
import { metaEnv, workerEnv, type WorkerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { metaClientFromEnv, platformClientsFromEnv, reconcilePostComments, requestPrivateReply, sealModerationField, sendModerationAction } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import type { Simulator } from "@vetted/simulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { startSimulatorHarness, type SimulatorHarness } from "./simulator-harness.js";
import { waitFor } from "./wait-for.js";

// Events are hints, against the platform simulator over real HTTP: the worker re-reads each comment
// before acting, so a lost edit, a delete before the worker got to it and a delete after the hide are
// harmless; a private reply that times out is never sent twice; and the reconciliation poll finds a
// comment whose webhook never came, once. Our own sentences only.
const PHI = "Please pray for my brother Cornelius Abernathy, he is in your ICU after a stroke";
const CLEAN = "The staff at the front desk were so kind to us today";

const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };
let prefix = "";
let sim: Simulator;
let harness: SimulatorHarness;
let control: SimulatorHarness["control"];
let calls: SimulatorHarness["calls"];
let callbackUrl = "";
let redis: Redis;
let producer: Producer;
let org: TestOrg;
let pageId: string;
let lines: string[] = [];
const handles: WorkerHandle[] = [];
const uniquePageId = () => `78${Date.now()}${Math.floor(Math.random() * 1e4)}`;

const comment = (externalId: string, orgId = org.org.id) => db().socialComment.findFirst({ where: { orgId, externalId } });
const clients = (timeoutMs?: number) => platformClientsFromEnv(metaClientFromEnv(metaEnv(), { graphUrl: sim.url, ...(timeoutMs ? { timeoutMs } : {}) }));
const say = (message: string, extra: Record<string, unknown> = {}) => control<{ commentId: string; postId: string }>("POST", "/comments", { pageId, message, ...extra });

async function start(extra: Parameters<typeof startWorker>[1] = {}) {
  const handle = await startWorker(env, {
    prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }), scheduleIntervalMs: 0, dispatchIntervalMs: 100,
    platformClients: clients(), moderation: { backoffMs: () => 200 }, jobDefaults: { backoff: { type: "fixed", delay: 50 } }, ...extra,
  });
  handles.push(handle);
  return handle;
}

/** A post of the org handed off to the Page as `externalId` (what publishing records). */
async function publishedPost(orgId: string, authorId: string, externalId: string) {
  const post = await db().post.create({ data: { orgId, authorId, title: "Open house", state: "PUBLISHED", channels: ["FACEBOOK"] } });
  const revision = await db().postRevision.create({ data: { orgId, postId: post.id, number: 1, text: "Come to our open house", createdById: authorId } });
  return db().publishHandoff.create({ data: { orgId, postId: post.id, revisionId: revision.id, channel: "FACEBOOK", publisher: "test", externalId } });
}

beforeAll(async () => {
  redis = createProducerRedis(env.REDIS_URL);
  harness = await startSimulatorHarness(() => producer);
  ({ sim, control, calls } = harness);
  callbackUrl = harness.callbackUrl;
  org = await createOrgWithMembers();
  pageId = uniquePageId();
  const { pages } = await control<{ pages: { id: string; accessToken: string }[] }>("POST", "/pages", { pages: [{ id: pageId, name: "Hint Clinic" }] });
  await connectTestAccount(org.org.id, org.users.ADMIN.id, { externalId: pageId, token: pages.find((p) => p.id === pageId)!.accessToken });
});

beforeEach(async () => {
  prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix });
  await control("POST", "/callback", { url: callbackUrl });
  await control("DELETE", "/faults");
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close({ force: true })));
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  expect(lines.join("\n")).not.toMatch(/Cornelius|Abernathy|stroke|front desk/);
  lines = [];
});

afterAll(async () => {
  await harness.close();
  await redis.quit();
});

describe("events are hints", () => {
  it("an edit whose webhook was lost: the late create carries PHI, the re-read says the text is clean, nothing is hidden", async () => {
    const { commentId } = await say(PHI, { delay: 400 });
    // The author edits before the create's delivery is out; the edit's own delivery never arrives.
    await control("POST", "/callback", { url: null });
    await control("POST", `/comments/${commentId}/edit`, { message: CLEAN });
    await control("POST", "/callback", { url: callbackUrl });
    await start();
    await waitFor(async () => (await comment(commentId))?.scannedAt, "the comment scanned", 10_000);
    expect(await comment(commentId)).toMatchObject({ verdict: "allow", status: "NEW", hiddenAt: null });
    expect(await calls(commentId)).toEqual([]);
  });

  it("a delete after the hide: the comment is marked deleted, nothing more is sent", async () => {
    await start();
    const { commentId } = await say(PHI);
    await waitFor(async () => (await comment(commentId))?.hiddenAt, "the comment hidden", 10_000);
    await control("POST", `/comments/${commentId}/remove`, {});
    await waitFor(async () => (await comment(commentId))?.deletedAt, "the comment marked deleted", 10_000);
    const c = (await comment(commentId))!;
    expect(c).toMatchObject({ verdict: "block", status: "HIDDEN_PENDING_REVIEW", hiddenAt: expect.any(Date) });
    expect((await calls(commentId)).map((x) => [x.type, x.ok])).toEqual([["hide", true]]);
    expect(await db().moderationAction.findMany({ where: { orgId: org.org.id, commentId: c.id } })).toEqual([expect.objectContaining({ kind: "HIDE", status: "SENT" })]);
  });

  it("a comment deleted on the platform before the worker acts: marked deleted, no hide call", async () => {
    // Delivered and queued while no worker runs; the author deletes it; then the worker starts.
    const { commentId } = await say(PHI);
    await waitFor(async () => (await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId } })) === 1, "the add ingested", 10_000);
    await control("POST", `/comments/${commentId}/remove`, {});
    await waitFor(async () => (await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId } })) === 2, "the remove ingested", 10_000);
    await start();
    await waitFor(async () => (await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId, processedAt: null } })) === 0, "both events processed", 10_000);
    const c = (await comment(commentId))!;
    expect(c).toMatchObject({ deletedAt: expect.any(Date), hiddenAt: null, textCipher: null });
    expect(await db().moderationAction.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
    expect(await calls(commentId)).toEqual([]);
  });

  it("a private reply that times out is not sent again: the simulator records exactly one", async () => {
    // No sweeper: it claims due actions every 100 ms here, and could send this reply (with patient
    // clients) before the request's own send does; this test is about the request's send timing out.
    await start({ dispatchIntervalMs: 0 });
    const { commentId } = await say(CLEAN);
    await waitFor(async () => (await comment(commentId))?.scannedAt, "the comment scanned", 10_000);
    const { id } = (await comment(commentId))!;
    // The simulator sends the message, then answers after the client has given up.
    await control("POST", "/faults", { op: "private_reply", delayMs: 1_500 });
    const impatient = clients(300);
    const { actionId } = await requestPrivateReply(org.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Thank you! Please call us at 555-0100." }, { clients: impatient });
    expect(await db().moderationAction.findFirstOrThrow({ where: { id: actionId, orgId: org.org.id } })).toMatchObject({ status: "FAILED", lastErrorCode: "OUTCOME_UNKNOWN", attempts: 1 });
    // Neither the sender (the sweeper's call) nor a second request sends it again.
    expect(await sendModerationAction(org.org.id, actionId, { clients: impatient })).toBe("SKIPPED");
    await expectAppError(requestPrivateReply(org.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Trying again" }, { clients: impatient }), "CONFLICT");
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await calls(commentId, "private_reply")).map((c) => c.ok)).toEqual([true]);
    expect((await control<{ privateReplies: number }>("GET", `/comments/${commentId}`)).privateReplies).toBe(1);
  });
});

describe("the reconciliation poll", () => {
  it("finds a comment whose webhook never arrived and hides it; a second poll is a no-op", async () => {
    const handoff = await publishedPost(org.org.id, org.users.ADMIN.id, `${pageId}_${Date.now() % 1e6}`);
    await control("POST", "/callback", { url: null });
    const lost = await say(PHI, { postId: handoff.externalId });
    const reply = await say(CLEAN, { postId: handoff.externalId, parentId: lost.commentId });
    await start({ commentPollIntervalMs: 100, commentPoll: { orgId: org.org.id } });
    await waitFor(async () => (await comment(lost.commentId))?.hiddenAt, "the lost comment hidden", 10_000);
    await waitFor(async () => (await comment(reply.commentId))?.scannedAt, "the reply scanned", 10_000);
    expect(await comment(lost.commentId)).toMatchObject({ verdict: "block", status: "HIDDEN_PENDING_REVIEW", postId: handoff.postId });
    expect(await comment(reply.commentId)).toMatchObject({ verdict: "allow", hiddenAt: null, parentExternalId: lost.commentId });
    const poll = await db().commentPoll.findFirstOrThrow({ where: { orgId: org.org.id, handoffId: handoff.id } });
    expect(await db().commentEvent.count({ where: { orgId: org.org.id, deliveryId: poll.id } })).toBe(2);
    await Promise.all(handles.splice(0).map((h) => h.close()));

    // Polled again: nothing new, nothing sent.
    await db().commentPoll.updateMany({ where: { orgId: org.org.id }, data: { nextPollAt: new Date(Date.now() - 1000) } });
    expect(await reconcilePostComments({ clients: clients(), producer, orgId: org.org.id })).toMatchObject({ polled: 1, listed: 2, events: 0, failed: 0 });
    expect(await db().commentEvent.count({ where: { orgId: org.org.id, objectId: { in: [lost.commentId, reply.commentId] } } })).toBe(2);
    expect((await calls(lost.commentId)).map((c) => c.type)).toEqual(["hide"]);
    expect(await calls(reply.commentId)).toEqual([]);
  });

  it("token expiry while processing: the account is EXPIRED and its admins told, nothing is hidden blindly; after a reconnect the poll catches up", async () => {
    const other = await createOrgWithMembers();
    const page = uniquePageId();
    await control("POST", "/pages", { pages: [{ id: page, name: "Expiring Clinic" }] });
    const { accessToken } = await control<{ accessToken: string }>("POST", "/tokens", { pageId: page, expiresInSeconds: 3_600 });
    const account = await connectTestAccount(other.org.id, other.users.ADMIN.id, { externalId: page, token: accessToken });
    const handoff = await publishedPost(other.org.id, other.users.ADMIN.id, `${page}_1`);
    // Delivered while the token is good; it has expired by the time the worker re-reads.
    const { commentId } = await control<{ commentId: string }>("POST", "/comments", { pageId: page, postId: handoff.externalId, message: PHI });
    await waitFor(async () => (await db().commentEvent.count({ where: { orgId: other.org.id, objectId: commentId } })) === 1, "the add ingested", 10_000);
    await control("POST", "/clock", { advanceSeconds: 7_200 });
    await start();
    await waitFor(async () => (await db().connectedAccount.findFirst({ where: { id: account.id, orgId: other.org.id } }))?.status === "EXPIRED", "the account EXPIRED", 10_000);
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: other.org.id, objectId: commentId } });
    // Failed for good at the first attempt (no retry can help), the event left unprocessed.
    const job = await waitFor(async () => {
      const j = (await producer.queue("comments").getJobs(["failed"])).find((x) => (x.data as { commentEventId?: string }).commentEventId === event.id);
      return j?.finishedOn ? j : undefined;
    }, "the job failed", 10_000);
    expect(job).toMatchObject({ attemptsMade: 1, failedReason: "FORBIDDEN" });
    expect(event.processedAt).toBeNull();
    expect(await db().notification.count({ where: { orgId: other.org.id, kind: "account_disconnected", userId: other.users.ADMIN.id } })).toBe(1);
    expect(await db().socialComment.count({ where: { orgId: other.org.id } })).toBe(0);
    expect(await calls(commentId)).toEqual([]);

    // The admin reconnects (a fresh token): the next poll of the post brings the comment in and hides it.
    const fresh = await control<{ accessToken: string }>("POST", "/tokens", { pageId: page });
    await db().connectedAccount.updateMany({
      where: { id: account.id, orgId: other.org.id },
      data: { status: "ACTIVE", lastErrorCode: null, tokenCipher: sealModerationField(fresh.accessToken, "connected-account", other.org.id, account.id, "token") },
    });
    await reconcilePostComments({ clients: clients(), producer, orgId: other.org.id });
    await waitFor(async () => (await comment(commentId, other.org.id))?.hiddenAt, "the comment hidden after the reconnect", 10_000);
    expect((await calls(commentId)).map((c) => [c.type, c.ok])).toEqual([["hide", true]]);
  });
});
