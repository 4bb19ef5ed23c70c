import { baseEnv } from "@vetted/config";
import { createProducer, createProducerRedis } from "@vetted/queue";
import { afterEach, describe, expect, it } from "vitest";
import { setScanProducer } from "../scans/scan-producer";
import { warmUpWebhookIngest } from "./warm-up-webhook-ingest";

afterEach(() => setScanProducer(null));

describe("warmUpWebhookIngest", () => {
  it("leaves the producer's Redis connection ready for the first delivery's enqueue", async () => {
    const redis = createProducerRedis(baseEnv().REDIS_URL);
    const producer = createProducer(redis, { prefix: "vetted-test-warm-up" });
    setScanProducer(producer);
    try {
      await warmUpWebhookIngest(2);
      expect(redis.status).toBe("ready");
    } finally {
      await producer.close();
      redis.disconnect();
    }
  });

  it("does not hold the start up when Redis does not answer", async () => {
    const dead = createProducerRedis("redis://127.0.0.1:1/1");
    dead.on("error", () => undefined);
    const producer = createProducer(dead, { prefix: "vetted-test-warm-up-dead" });
    setScanProducer(producer);
    const started = Date.now();
    await warmUpWebhookIngest(1, 300);
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.disconnect();
    await producer.close().catch(() => undefined);
  });
});
