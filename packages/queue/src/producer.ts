import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { DEFAULT_QUEUE_PREFIX, jobIdFor, schemaFor, type HealthPingPayload, type JobName, type JobPayload, type QueueName } from "./jobs.js";

/**
 * Retries with backoff for transient failures; both completed and failed jobs are kept but bounded,
 * so Redis cannot grow without limit while recent failures stay inspectable. Completed jobs are
 * kept a day: while a job is kept, re-adding its jobId is a no-op (that is the idempotency window).
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 1000 },
} as const satisfies DefaultJobOptions;

/** Enqueue did not reach Redis in time; an HTTP handler should answer 503 and let the client retry. */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
}

export interface ProducerOptions {
  prefix?: string;
  /** Upper bound on one enqueue, including waiting for a first connection. */
  timeoutMs?: number;
  /** Overrides of DEFAULT_JOB_OPTIONS, e.g. a short backoff in tests. */
  jobDefaults?: Partial<DefaultJobOptions>;
}

export interface EnqueueOptions {
  /** Derive with jobIdFor(...) from record ids; never from user text. */
  jobId: string;
  delayMs?: number;
}

export interface Producer {
  queue(name: QueueName): Queue;
  /** The enqueue time limit; helpers that make several calls bound them all with it. */
  readonly timeoutMs: number;
  enqueue<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, payload: JobPayload<Q, N>, opts: EnqueueOptions): Promise<{ jobId: string }>;
  close(): Promise<void>;
}

/**
 * Queues for producers, on a caller-owned fail-fast connection (createProducerRedis). Payloads are
 * validated before they are written, so a bad payload is a bug at the caller, not a failed job later.
 */
export function createProducer(connection: Redis, opts: ProducerOptions = {}): Producer {
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...opts.jobDefaults } });
      // Errors surface on the enqueue call; without a listener an 'error' event would crash the process.
      q.on("error", () => undefined);
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    timeoutMs,
    async enqueue(name, jobName, payload, { jobId, delayMs }) {
      const data = schemaFor(name, jobName).parse(payload);
      const add = queue(name).add(jobName, data, { jobId, ...(delayMs ? { delay: delayMs } : {}) });
      const job = await withTimeout(add, timeoutMs);
      return { jobId: job.id ?? jobId };
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`Queue did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A liveness probe through the whole pipeline; pingId makes repeated clicks one job. */
export function enqueueHealthPing(producer: Producer, pingId: string, payload: HealthPingPayload = { requestedAt: new Date().toISOString() }) {
  return producer.enqueue("health", "ping", payload, { jobId: jobIdFor("health", "ping", pingId) });
}
