import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { workerEnv, type WorkerEnv } from "@vetted/config";
import { createProducer, createProducerRedis, enqueueHealthPing, jobIdFor, type Producer, type Redis } from "@vetted/queue";
import { UnrecoverableError, type Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { waitFor as waitUntil } from "./wait-for.js";

// A prefix of its own per run, so parallel or crashed runs never see each other's jobs in Redis db 1.
const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 2 };

let producerRedis: Redis;
let producer: Producer;
let healthQueue: Queue;
const handles: WorkerHandle[] = [];
let lines: string[] = [];

async function start(overrides: Partial<WorkerEnv> = {}) {
  const handle = await startWorker({ ...env, ...overrides }, { prefix, log: createLogger({ level: "debug", destination: { write: (l) => void lines.push(l) } }) });
  handles.push(handle);
  return handle;
}

const waitFor = <T,>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 10_000) => waitUntil(probe, what, timeoutMs);

const events = (event: string, jobId: string) =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === event && e.jobId === jobId);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const address = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(() => {
  producerRedis = createProducerRedis(env.REDIS_URL);
  producer = createProducer(producerRedis, { prefix });
  healthQueue = producer.queue("health");
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close()));
  lines = [];
});

afterAll(async () => {
  await healthQueue.obliterate({ force: true });
  await producer.close();
  await producerRedis.quit();
});

describe("worker: health queue", () => {
  it("runs a job enqueued twice with the same jobId exactly once", async () => {
    const pingId = randomUUID();
    const jobId = jobIdFor("health", "ping", pingId);
    const [a, b] = await Promise.all([enqueueHealthPing(producer, pingId), enqueueHealthPing(producer, pingId)]);
    expect(a.jobId).toBe(jobId);
    expect(b.jobId).toBe(jobId);

    await start();
    await waitFor(async () => (await healthQueue.getJobState(jobId)) === "completed", "completion");
    // A re-enqueue while the completed job is kept is a no-op, too.
    await enqueueHealthPing(producer, pingId);
    const job = await healthQueue.getJob(jobId);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.returnvalue).toEqual({ lagMs: expect.any(Number) });
    expect(await healthQueue.getJobState(jobId)).toBe("completed");
    expect(events("job.completed", jobId)).toHaveLength(1);
  });

  it("fails a bad payload with UnrecoverableError, without retries and without logging the payload", async () => {
    const handle = await start();
    const failures: Error[] = [];
    handle.workers[0]?.on("failed", (_job, error) => failures.push(error));
    const jobId = jobIdFor("health", "ping", randomUUID());
    // Straight onto the queue: the typed producer would refuse this payload before it reached Redis.
    await healthQueue.add("ping", { requestedAt: "Jane Doe, MRN 0042" }, { jobId, attempts: 5, backoff: { type: "fixed", delay: 10 } });

    await waitFor(async () => (await healthQueue.getJobState(jobId)) === "failed", "failure");
    const job = await healthQueue.getJob(jobId);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/^Invalid health\.ping payload \(requestedAt: /);
    expect(job?.failedReason).not.toContain("Jane");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(UnrecoverableError);
    const logged = events("job.failed", jobId);
    expect(logged).toEqual([expect.objectContaining({ queue: "health", job: "ping", err: { type: "UnrecoverableError" } })]);
    expect(lines.join("\n")).not.toContain("Jane");
  });

  it("fails an unknown job name without retries", async () => {
    await start();
    const jobId = jobIdFor("health", "nonsense", randomUUID());
    await healthQueue.add("nonsense", { requestedAt: new Date().toISOString() }, { jobId, attempts: 5 });
    await waitFor(async () => (await healthQueue.getJobState(jobId)) === "failed", "failure");
    expect((await healthQueue.getJob(jobId))?.attemptsMade).toBe(1);
  });
});

describe("worker: lifecycle", () => {
  it("shuts down cleanly and stops taking jobs", async () => {
    const handle = await start();
    await handle.close();
    await handle.close(); // a second signal while stopping must not throw
    expect(handle.workers.every((w) => !w.isRunning())).toBe(true);
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(
      expect.arrayContaining(["worker.started", "worker.stopping", "worker.stopped"]),
    );

    const { jobId } = await enqueueHealthPing(producer, randomUUID());
    await new Promise((r) => setTimeout(r, 300));
    expect(await healthQueue.getJobState(jobId)).toBe("waiting");
    await healthQueue.remove(jobId);
  });

  it("serves GET /healthz (liveness) and GET /readyz (PostgreSQL and Redis) on its health port", async () => {
    const port = await freePort();
    const handle = await start({ WORKER_HEALTH_PORT: port });
    expect(handle.healthPort).toBe(port);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ ok: true, checks: { db: "ok", redis: "ok" } });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await handle.close();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
