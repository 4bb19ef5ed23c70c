import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { afterAll, describe, expect, it } from "vitest";
import { createProducerRedis } from "./connection.js";
import { jobIdFor } from "./jobs.js";
import { createProducer, DEFAULT_JOB_OPTIONS, enqueueHealthPing, QueueUnavailableError } from "./producer.js";

const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
const redis = createProducerRedis(baseEnv().REDIS_URL);
const producer = createProducer(redis, { prefix });

afterAll(async () => {
  await producer.queue("health").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

describe("producer", () => {
  it("adds a job with the bounded default options and the derived jobId", async () => {
    const pingId = randomUUID();
    const { jobId } = await enqueueHealthPing(producer, pingId);
    expect(jobId).toBe(jobIdFor("health", "ping", pingId));
    const job = await producer.queue("health").getJob(jobId);
    expect(job?.opts).toMatchObject({ removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete, removeOnFail: { count: 1000 }, attempts: 3 });
  });

  it("refuses an invalid payload before it reaches Redis", async () => {
    const jobId = jobIdFor("health", "ping", randomUUID());
    await expect(producer.enqueue("health", "ping", { requestedAt: "soon" }, { jobId })).rejects.toThrow();
    expect(await producer.queue("health").getJob(jobId)).toBeUndefined();
  });

  it("fails fast when Redis is unreachable", async () => {
    // Port 1 on loopback: connection refused, so nothing is ever written.
    const dead = createProducerRedis("redis://127.0.0.1:1/1");
    dead.on("error", () => undefined);
    const offline = createProducer(dead, { prefix, timeoutMs: 500 });
    const started = Date.now();
    await expect(enqueueHealthPing(offline, randomUUID())).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.disconnect();
    await offline.close().catch(() => undefined);
  });
});
