import { createProducer, createProducerRedis, type Producer } from "@vetted/queue";
import { setScanProducer } from "./scan-producer";

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

/**
 * Installs an offline producer as the scan producer (submitPost's direct dispatch then fails fast
 * and the job stays PENDING for the test to run by hand); the returned function undoes it.
 */
export function useOfflineScanProducer(): () => Promise<void> {
  const offline = offlineProducer();
  setScanProducer(offline.producer);
  return async () => {
    setScanProducer(null);
    await offline.close();
  };
}
