import { randomUUID } from "node:crypto";
import { workerEnv, type WorkerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createPost, getPost, setScanProducer, submitPost } from "@vetted/domain";
import { createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, enqueueScanJob, type Producer, type Redis } from "@vetted/queue";
import { scanText } from "@vetted/scanner";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type StartOptions, type WorkerHandle } from "./main.js";
import { waitFor as waitUntil } from "./wait-for.js";

// The scan pipeline end to end in one process: domain submit → ScanJob outbox → BullMQ (real Redis,
// a prefix of our own) → worker → findings in PostgreSQL. Our own sentence: a named patient plus a procedure.
const PHI = "Wishing a speedy recovery to Tomasz Kowalczyk after his bypass surgery";
// A prefix per test: BullMQ throttles its stalled check with a key per queue, and a previous test's
// worker (30 s default interval) would otherwise delay the next one's.
let prefix = "";
const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };

let redis: Redis;
let producer: Producer;
let lines: string[] = [];
const handles: WorkerHandle[] = [];

async function start(opts: StartOptions = {}) {
  const handle = await startWorker(env, { prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }), scheduleIntervalMs: 0, dispatchIntervalMs: 100, staleAfterMs: 3_600_000, ...opts });
  handles.push(handle);
  return handle;
}

const waitFor = <T,>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000) => waitUntil(probe, what, timeoutMs);

// A fresh org per test: closing a worker disconnects the shared client the org's context was bound to.
async function submitted(org: TestOrg) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Pipeline", text: PHI, channels: ["FACEBOOK"] });
  const started = Date.now();
  const result = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  return { postId: post.id, scanJobId: result.scanJobId, dispatched: result.dispatched, submitMs: Date.now() - started };
}

const postState = async (orgId: string, id: string) => (await db().post.findFirstOrThrow({ where: { id, orgId } })).state;
const scanJob = (orgId: string, id: string) => db().scanJob.findFirstOrThrow({ where: { id, orgId } });
const findingCount = (orgId: string, postId: string) => db().finding.count({ where: { orgId, postId } });
const inReview = (orgId: string, postId: string) => async () => (await postState(orgId, postId)) === "IN_REVIEW";

beforeAll(() => {
  redis = createProducerRedis(env.REDIS_URL);
});

beforeEach(() => {
  prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix, jobDefaults: { backoff: { type: "fixed", delay: 50 } } });
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close({ force: true })));
  setScanProducer(null);
  await producer.queue("scan").obliterate({ force: true });
  await producer.close();
  expect(lines.join("\n")).not.toMatch(/Kowalczyk|bypass/);
  lines = [];
});

afterAll(async () => {
  await redis.quit();
});

describe("scan pipeline", () => {
  it("submit → queue → worker → findings and IN_REVIEW exactly once; a re-run job adds nothing", async () => {
    const org = await createOrgWithMembers();
    setScanProducer(producer);
    await start();
    const { postId, scanJobId, dispatched } = await submitted(org);
    expect(dispatched).toBe(true);
    await waitFor(inReview(org.org.id, postId), "IN_REVIEW");
    expect(await findingCount(org.org.id, postId)).toBe(2);

    // A duplicate of the finished job (re-added after BullMQ kept the completed one) is a no-op.
    await enqueueScanJob(producer, { scanJobId, orgId: org.org.id });
    const queue = producer.queue("scan");
    const rerun = await waitFor(async () => {
      const job = await queue.getJob(scanJobId);
      return job?.finishedOn ? job : null;
    }, "the duplicate run");
    expect(rerun.returnvalue).toEqual({ outcome: "skipped", status: "SUCCEEDED" });
    expect(await findingCount(org.org.id, postId)).toBe(2);
    expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "SUCCEEDED", attempts: 1, verdict: "block" });
    expect(await db().notification.count({ where: { orgId: org.org.id, postId, kind: "ready_for_review" } })).toBe(2);
  });

  it("Redis down: the submit still succeeds fast with the job PENDING; the sweeper sends it once Redis is back", async () => {
    const org = await createOrgWithMembers();
    const deadRedis = createProducerRedis("redis://127.0.0.1:6390/1");
    deadRedis.on("error", () => undefined);
    const dead = createProducer(deadRedis, { prefix, timeoutMs: 500 });
    setScanProducer(dead);
    try {
      const { postId, scanJobId, dispatched, submitMs } = await submitted(org);
      expect(dispatched).toBe(false);
      expect(submitMs).toBeLessThan(2_000);
      expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "PENDING" });
      expect(await postState(org.org.id, postId)).toBe("SCANNING");

      await start();
      await waitFor(inReview(org.org.id, postId), "IN_REVIEW via the sweeper");
      expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
      expect(await findingCount(org.org.id, postId)).toBe(2);
    } finally {
      deadRedis.disconnect();
      await dead.close().catch(() => undefined);
    }
  });

  it("a worker killed mid-scan: the stalled job is retried elsewhere and writes one set of findings", async () => {
    const org = await createOrgWithMembers();
    setScanProducer(producer);
    const timings = { lockDuration: 1_000, stalledInterval: 500 };
    let hung = 0;
    const hang = () => {
      hung++;
      return new Promise<never>(() => undefined);
    };
    const first = await start({ scanDeps: { scanText: hang }, workerOptions: timings });
    const { postId, scanJobId } = await submitted(org);
    await waitFor(async () => hung > 0, "the first attempt to start scanning");
    await first.close({ force: true });
    expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "RUNNING", attempts: 1 });

    await start({ workerOptions: timings, scanDeps: { scanText: (t, o) => scanText(t, o) } });
    await waitFor(inReview(org.org.id, postId), "IN_REVIEW after the stall", 30_000);
    expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(await findingCount(org.org.id, postId)).toBe(2);
    expect(await db().notification.count({ where: { orgId: org.org.id, postId, kind: "ready_for_review" } })).toBe(2);
    expect(await db().auditEvent.count({ where: { orgId: org.org.id, action: "scan.completed", targetId: scanJobId } })).toBe(1);
  });

  it("a job that keeps failing ends FAILED with a code and the post SCAN_FAILED, its author told", async () => {
    const org = await createOrgWithMembers();
    setScanProducer(producer);
    class BoomError extends Error {
      override name = "BoomError";
    }
    await start({ scanDeps: { scanText: () => Promise.reject(new BoomError(`cannot scan "${PHI}"`)) } });
    const { postId, scanJobId } = await submitted(org);
    await waitFor(async () => (await scanJob(org.org.id, scanJobId)).status === "FAILED", "FAILED");
    expect(await scanJob(org.org.id, scanJobId)).toMatchObject({ status: "FAILED", lastErrorCode: "BOOMERROR", attempts: 3 });
    const view = await getPost(org.ctx.CONSULTANT, postId);
    expect(view.post.state).toBe("SCAN_FAILED");
    expect(await findingCount(org.org.id, postId)).toBe(0);
    const told = await db().notification.findMany({ where: { orgId: org.org.id, postId, kind: "scan_failed" } });
    expect(told.map((n) => n.userId)).toEqual([org.users.CONSULTANT.id]);
    expect(lines.some((l) => l.includes("scan.failed_for_good"))).toBe(true);
  });
});
