import { once } from "node:events";
import { baseEnv } from "@vetted/config";
import { acrossOrgs, db, rawSql } from "@vetted/db";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import { checkReadiness, READINESS_TIMEOUT_MS, type Probe, type Readiness, type ReadinessProbes } from "./check-readiness";

/** PostgreSQL answers `SELECT 1` through the process's own pool (the client is created on first use). */
export const databaseProbe = (): Probe => async () => {
  await rawSql(db(), acrossOrgs("readiness probe: reads no table")).query`SELECT 1`;
};

/**
 * Redis answers PING on this client. A client that is still connecting is waited for (within the
 * probe's time); one that is reconnecting after an outage is not pinged at all, so probes during an
 * outage never pile commands up in the client's offline queue (the worker's connection retries forever).
 */
export const redisProbe = (redis: Redis): Probe => async (signal) => {
  if (redis.status === "end") throw new Error("Redis client closed");
  if (redis.status === "wait") void redis.connect().catch(() => undefined);
  if (redis.status !== "ready") await once(redis, "ready", { signal });
  const reply = await redis.ping();
  if (reply !== "PONG") throw new Error("Redis did not answer PONG");
};

// One readiness connection per process, created by the first probe (never at import: scripts that import
// the domain must still exit on their own), on globalThis because Next's dev server reloads modules.
const holder = globalThis as unknown as { vettedReadinessRedis?: Redis };

/** The web's readiness client: lazy, fail-fast, its connect limited like the probe itself. */
export function readinessRedis(): Redis {
  if (!holder.vettedReadinessRedis) {
    const redis = new Redis({
      ...connectionFromUrl(baseEnv().REDIS_URL),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: READINESS_TIMEOUT_MS,
      connectionName: "vetted-readiness",
    });
    // A refused connection is a "down" answer; an unhandled 'error' event would crash the process.
    redis.on("error", () => undefined);
    holder.vettedReadinessRedis = redis;
  }
  return holder.vettedReadinessRedis;
}

export function closeReadinessRedis(): void {
  holder.vettedReadinessRedis?.disconnect();
  holder.vettedReadinessRedis = undefined;
}

/** The web's /readyz: the process's database pool and its one readiness Redis connection. */
export const checkWebReadiness = (): Promise<Readiness> => checkReadiness(webReadinessProbes());

const webReadinessProbes = (): ReadinessProbes => ({ db: databaseProbe(), redis: redisProbe(readinessRedis()) });
