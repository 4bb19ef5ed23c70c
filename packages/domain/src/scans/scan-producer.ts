import { baseEnv } from "@vetted/config";
import { createProducer, createProducerRedis, type Producer } from "@vetted/queue";

// One fail-fast producer per process for the scan queue. Kept on globalThis because Next's dev
// server reloads modules and would otherwise open a Redis connection per reload.
const holder = globalThis as unknown as { vettedScanProducer?: { producer: Producer; close: () => Promise<void> } };

/** The producer submitPost's direct dispatch uses: REDIS_URL, the default prefix, a 1.5 s limit. */
export function scanProducer(): Producer {
  if (!holder.vettedScanProducer) {
    const redis = createProducerRedis(baseEnv().REDIS_URL);
    // A refused connection is reported on each enqueue; an unhandled 'error' event would crash the process.
    redis.on("error", () => undefined);
    const producer = createProducer(redis, { timeoutMs: 1_500 });
    holder.vettedScanProducer = { producer, close: async () => { await producer.close(); redis.disconnect(); } };
  }
  return holder.vettedScanProducer.producer;
}

/**
 * Replaces the default producer (the worker and tests use their own prefix or a short backoff).
 * The caller owns the producer it installs; null goes back to the lazily created default.
 */
export function setScanProducer(producer: Producer | null): void {
  holder.vettedScanProducer = producer ? { producer, close: async () => undefined } : undefined;
}

export async function closeScanProducer(): Promise<void> {
  const current = holder.vettedScanProducer;
  holder.vettedScanProducer = undefined;
  await current?.close();
}
