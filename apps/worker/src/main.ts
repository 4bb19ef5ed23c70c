import { realpathSync } from "node:fs";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { workerEnv, type WorkerEnv } from "@vetted/config";
import { disconnectDb } from "@vetted/db";
import { createWorkerRedis, DEFAULT_QUEUE_PREFIX, QUEUE_NAMES } from "@vetted/queue";
import { Worker } from "bullmq";
import { startHealthServer } from "./health-server.js";
import { createLogger, errorFields, type Logger } from "./log.js";
import { PROCESSORS } from "./processors/index.js";

export interface StartOptions {
  /** Redis key prefix; tests use a unique one per run. Must match the producers'. */
  prefix?: string;
  log?: Logger;
}

export interface WorkerHandle {
  readonly workers: readonly Worker[];
  /** Port the health endpoint listens on, when enabled. */
  readonly healthPort: number | null;
  /** Stops taking jobs, waits for running ones, then closes Redis and the database. Idempotent. */
  close(): Promise<void>;
}

export async function startWorker(env: WorkerEnv, opts: StartOptions = {}): Promise<WorkerHandle> {
  const log = opts.log ?? createLogger(env.LOG_LEVEL);
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const redis = createWorkerRedis(env.REDIS_URL);
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  redis.on("error", (error) => log.warn("redis.error", errorFields(error)));

  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(queue, PROCESSORS[queue], { connection: redis, prefix, concurrency: env.WORKER_CONCURRENCY });
    worker.on("completed", (job) => log.info("job.completed", { queue, jobId: job.id, job: job.name, attempts: job.attemptsMade }));
    worker.on("failed", (job, error) =>
      log.warn("job.failed", { queue, jobId: job?.id, job: job?.name, attempts: job?.attemptsMade, ...errorFields(error) }),
    );
    worker.on("error", (error) => log.error("worker.error", { queue, ...errorFields(error) }));
    return worker;
  });

  let server: Server | null = null;
  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    if (env.WORKER_HEALTH_PORT > 0) server = await startHealthServer(env.WORKER_HEALTH_PORT, redis);
  } catch (error) {
    await Promise.allSettled(workers.map((w) => w.close(true)));
    redis.disconnect();
    throw error;
  }
  log.info("worker.started", { queues: QUEUE_NAMES, concurrency: env.WORKER_CONCURRENCY, prefix, healthPort: env.WORKER_HEALTH_PORT });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info("worker.stopping");
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await Promise.all(workers.map((w) => w.close()));
      await redis.quit().catch(() => redis.disconnect());
      await disconnectDb();
      log.info("worker.stopped");
    })());

  return { workers, healthPort: server ? env.WORKER_HEALTH_PORT : null, close };
}

// A job still running after this long is abandoned; BullMQ's stalled-job check hands it to another worker.
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const env = workerEnv();
  const log = createLogger(env.LOG_LEVEL);
  const handle = await startWorker(env, { log });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info("worker.signal", { signal });
    setTimeout(() => {
      log.error("worker.shutdown_timeout", { graceMs: SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    handle.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("worker.shutdown_failed", errorFields(error));
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main().catch((error: unknown) => {
    createLogger("error").error("worker.start_failed", errorFields(error));
    process.exit(1);
  });
}
