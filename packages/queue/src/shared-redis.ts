import { Redis, type RedisOptions } from "ioredis";
import { connectionFromUrl } from "./connection.js";

/**
 * For short request/answer clients (the rate limiters): commands wait while the first connection is
 * being made, so a process's first attempts are not counted in memory and the rest in Redis, and
 * fail after one retry when Redis is down (the limiters then fall back to memory).
 */
export function limiterConnectionOptions(url: string, name: string): RedisOptions {
  return { ...connectionFromUrl(url), enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, connectionName: `vetted-${name}` };
}

// Kept on globalThis because Next's dev server reloads modules and would open one per reload.
const holder = globalThis as unknown as { vettedSharedRedis?: Map<string, Redis> };
const registry = () => (holder.vettedSharedRedis ??= new Map());

/**
 * One named Redis connection per process, opened on the first call (never at import: a script that
 * imports the domain but never limits anything, such as the seed, opens nothing). Every caller of
 * the same name shares it. An open connection keeps Node's event loop alive, so a script that did
 * use it must call closeSharedRedis() before it can exit on its own.
 */
export function sharedRedis(name: string, url: string): Redis {
  const open = registry().get(name);
  if (open) return open;
  const redis = new Redis(limiterConnectionOptions(url, name));
  // A refused connection surfaces on each command; an unhandled 'error' event would crash the process.
  redis.on("error", () => undefined);
  registry().set(name, redis);
  return redis;
}

/** Whether the named connection has been opened (and not closed) in this process. */
export const isSharedRedisOpen = (name: string): boolean => registry().has(name);

/** Closes one named connection, or all of them; the next sharedRedis() call opens a fresh one. */
export function closeSharedRedis(name?: string): void {
  for (const [key, redis] of [...registry()]) {
    if (name !== undefined && key !== name) continue;
    registry().delete(key);
    redis.disconnect();
  }
}
