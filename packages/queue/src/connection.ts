import { Redis, type RedisOptions } from "ioredis";

/**
 * Plain ioredis options from a redis:// or rediss:// URL (host, port, db from the path, credentials,
 * TLS). Kept separate from the fail-fast / blocking choices below so both roles parse alike.
 */
export function connectionFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new Error(`Unsupported Redis URL scheme "${u.protocol}": use redis:// or rediss://`);
  }
  const dbPart = u.pathname.replace(/^\//, "");
  const db = dbPart === "" ? 0 : Number(dbPart);
  if (!Number.isInteger(db) || db < 0) throw new Error("Redis URL path must be a database number, e.g. redis://host:6379/1");
  const options: RedisOptions = {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    db,
  };
  if (u.username) options.username = decodeURIComponent(u.username);
  if (u.password) options.password = decodeURIComponent(u.password);
  if (u.protocol === "rediss:") options.tls = { servername: u.hostname };
  return options;
}

/**
 * For code that enqueues from an HTTP request: when Redis is down the call must fail at once so the
 * request can answer 503, instead of buffering commands and hanging the response.
 */
export function producerConnectionOptions(url: string): RedisOptions {
  return {
    ...connectionFromUrl(url),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    connectionName: "vetted-producer",
  };
}

/**
 * For workers: BullMQ's blocking commands must survive a Redis restart, so requests are retried
 * forever (BullMQ refuses a blocking connection with a retry limit).
 */
export function workerConnectionOptions(url: string): RedisOptions {
  return {
    ...connectionFromUrl(url),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: 10_000,
    connectionName: "vetted-worker",
  };
}

// BullMQ's ESM build cannot load ioredis itself (it uses require), so we always hand it a client.
export const createProducerRedis = (url: string) => new Redis(producerConnectionOptions(url));
export const createWorkerRedis = (url: string) => new Redis(workerConnectionOptions(url));

export type { Redis };
