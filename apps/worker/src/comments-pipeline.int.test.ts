import { randomUUID } from "node:crypto";
import { metaEnv, workerEnv, type WorkerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { metaClientFromEnv, platformClientsFromEnv, requestPrivateReply } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import type { Simulator } from "@vetted/simulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { startSimulatorHarness, type SimulatorHarness } from "./simulator-harness.js";
import { waitFor } from "./wait-for.js";

// Comment moderation end to end in one process, against the platform simulator over real HTTP: the
// simulator delivers signed webhooks (duplicated, edits ahead of creates) to a receiver that runs the
// ingest, the worker (real Redis, a prefix of our own) applies and scans each event, and hides go
// back to the simulator through the Meta client. Our own sentences only.
const PHI = "Praying for my sister Wilhelmina Drozdova, she starts chemotherapy for leukemia here on Monday";
const CLEAN = "Congratulations on the new wing, it looks wonderful";

const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };
let prefix = "";
let sim: Simulator;
let harness: SimulatorHarness;
let control: SimulatorHarness["control"];
let calls: SimulatorHarness["calls"];
let redis: Redis;
let producer: Producer;
let org: TestOrg;
let pageId: string;
let lines: string[] = [];
const handles: WorkerHandle[] = [];
// Page ids are unique across orgs and the test database outlives the simulator: a fresh one per run.
const uniquePageId = () => `77${Date.now()}${Math.floor(Math.random() * 1e4)}`;

const comment = (externalId: string) => db().socialComment.findFirst({ where: { orgId: org.org.id, externalId } });
const clients = () => platformClientsFromEnv(metaClientFromEnv(metaEnv(), { graphUrl: sim.url }));

async function start() {
  const handle = await startWorker(env, {
    prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }), scheduleIntervalMs: 0, dispatchIntervalMs: 100,
    platformClients: clients(), moderation: { backoffMs: () => 200 }, jobDefaults: { backoff: { type: "fixed", delay: 50 } },
  });
  handles.push(handle);
  return handle;
}

beforeAll(async () => {
  redis = createProducerRedis(env.REDIS_URL);
  harness = await startSimulatorHarness(() => producer);
  ({ sim, control, calls } = harness);
  org = await createOrgWithMembers();
  pageId = uniquePageId();
  const { pages } = await control<{ pages: { id: string; accessToken: string }[] }>("POST", "/pages", { pages: [{ id: pageId, name: "Pipeline Clinic" }] });
  await connectTestAccount(org.org.id, org.users.ADMIN.id, { externalId: pageId, token: pages.find((p) => p.id === pageId)!.accessToken });
});

beforeEach(() => {
  prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix });
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close({ force: true })));
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  expect(lines.join("\n")).not.toMatch(/Wilhelmina|Drozdova|leukemia|chemotherapy/);
  lines = [];
});

afterAll(async () => {
  await harness.close();
  await redis.quit();
});

describe("comment moderation pipeline", () => {
  it("a PHI comment delivered three times, its edit ahead of its create: one comment, hidden once", async () => {
    await start();
    const { commentId } = await control<{ commentId: string }>("POST", "/comments", { pageId, message: CLEAN, edit: PHI, outOfOrder: true, duplicate: 2 });
    await waitFor(async () => (await comment(commentId))?.hiddenAt, "the comment hidden", 10_000);
    const c = (await comment(commentId))!;
    expect(c).toMatchObject({ verdict: "block", status: "HIDDEN_PENDING_REVIEW" });
    // Two changes (add, edited), each delivered three times: two events. The platform then tells of
    // our own hide (verb "hide"): a third event, which changes nothing.
    expect(await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId, verb: { in: ["add", "edited"] } } })).toBe(2);
    await waitFor(async () => (await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId, verb: "hide", processedAt: { not: null } } })) === 1, "the hide's echo processed", 10_000);
    expect(await db().commentEvent.count({ where: { orgId: org.org.id, objectId: commentId, processedAt: null } })).toBe(0);
    expect(await comment(commentId)).toMatchObject({ hiddenAt: c.hiddenAt, status: "HIDDEN_PENDING_REVIEW" });
    expect(await calls(commentId, "hide")).toEqual([expect.objectContaining({ ok: true })]);
    expect((await control<{ isHidden: boolean }>("GET", `/comments/${commentId}`)).isHidden).toBe(true);
    expect(Math.max(...harness.answers)).toBeLessThan(1_000);

    // The job of the create runs again (re-added by hand): nothing more happens.
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, objectId: commentId, verb: "add" } });
    const queue = producer.queue("comments");
    await queue.add("event", { orgId: org.org.id, commentEventId: event.id }, { jobId: `rerun-${event.id}` });
    await waitFor(async () => (await queue.getJob(`rerun-${event.id}`))?.finishedOn, "the re-run", 10_000);
    expect((await queue.getJob(`rerun-${event.id}`))?.returnvalue).toMatchObject({ outcome: "ALREADY_PROCESSED" });
    expect(await calls(commentId, "hide")).toHaveLength(1);
  });

  it("a clean comment stays visible; a private reply reaches the simulator exactly once", async () => {
    await start();
    const { commentId } = await control<{ commentId: string }>("POST", "/comments", { pageId, message: CLEAN });
    await waitFor(async () => (await comment(commentId))?.scannedAt, "the comment scanned", 10_000);
    expect(await comment(commentId)).toMatchObject({ verdict: "allow", hiddenAt: null, status: "NEW" });
    const { id } = (await comment(commentId))!;
    await requestPrivateReply(org.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Thank you! Please call us at 555-0100." }, { clients: clients() });
    await expectAppError(requestPrivateReply(org.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Again" }, { clients: clients() }), "CONFLICT");
    expect(await calls(commentId, "private_reply")).toEqual([expect.objectContaining({ ok: true })]);
    expect(await calls(commentId, "hide")).toEqual([]);
  });

  it("a hide that fails with a 500 is retried by the sweeper until it goes through", async () => {
    await control("POST", "/faults", { op: "hide", status: 500, times: 1 });
    await start();
    const { commentId } = await control<{ commentId: string }>("POST", "/comments", { pageId, message: PHI });
    await waitFor(async () => (await comment(commentId))?.hiddenAt, "the comment hidden after a retry", 10_000);
    const action = await db().moderationAction.findFirstOrThrow({ where: { orgId: org.org.id, commentId: (await comment(commentId))!.id } });
    expect(action).toMatchObject({ kind: "HIDE", status: "SENT", attempts: 2 });
    expect((await calls(commentId, "hide")).filter((c) => c.ok)).toHaveLength(1);
  });

  it("a revoked page token: the account is EXPIRED, its admins told, nothing is applied without a re-read", async () => {
    const other = await createOrgWithMembers();
    const page = { id: uniquePageId() };
    await control("POST", "/pages", { pages: [{ id: page.id, name: "Revoked Clinic" }] });
    const { accessToken } = await control<{ accessToken: string }>("POST", "/tokens", { pageId: page.id });
    const account = await connectTestAccount(other.org.id, other.users.ADMIN.id, { externalId: page.id, token: accessToken });
    await control("POST", "/tokens/revoke", { token: accessToken });
    await start();
    const { commentId } = await control<{ commentId: string }>("POST", "/comments", { pageId: page.id, message: PHI });
    await waitFor(async () => (await db().connectedAccount.findFirst({ where: { id: account.id, orgId: other.org.id } }))?.status === "EXPIRED", "the account EXPIRED", 10_000);
    expect(await db().notification.count({ where: { orgId: other.org.id, kind: "account_disconnected", userId: other.users.ADMIN.id } })).toBe(1);
    // Events are hints: the comment cannot be re-read, so nothing is stored or sent; the event waits
    // (the reconciliation poll brings the comment in after a reconnect: comment-hints.int.test.ts).
    expect(await db().socialComment.count({ where: { orgId: other.org.id, externalId: commentId } })).toBe(0);
    expect(await db().commentEvent.findFirst({ where: { orgId: other.org.id, objectId: commentId } })).toMatchObject({ processedAt: null });
    expect(await calls(commentId)).toEqual([]);
  });
});
