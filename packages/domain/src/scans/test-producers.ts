import { createProducer, createProducerRedis, type Producer } from "@vetted/queue";

// Test helpers (only *.int.test.ts import this file).

/** A producer whose Redis is a closed loopback port: every enqueue fails within timeoutMs. */
export function offlineProducer(timeoutMs = 300): { producer: Producer; close: () => Promise<void> } {
  const redis = createProducerRedis("redis://127.0.0.1:6390/1");
  redis.on("error", () => undefined);
  const producer = createProducer(redis, { timeoutMs });
  return {
    producer,
    close: async () => {
      redis.disconnect();
      await producer.close().catch(() => undefined);
    },
  };
}
