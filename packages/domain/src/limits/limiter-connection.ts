import { baseEnv } from "@vetted/config";
import { closeSharedRedis, sharedRedis, type Redis } from "@vetted/queue";

// Every limiter of a process (sign-in, the abuse limits) shares one Redis connection, opened on
// first use: importing the domain opens nothing, so a script that never limits anything exits on
// its own, and one that did calls closeLimiters() (the seed does, in its finally).
const CONNECTION = "limits";

export const limiterRedis = (): Redis => sharedRedis(CONNECTION, baseEnv().REDIS_URL);

// The limiter objects built on that connection, per process (on globalThis: Next's dev server
// reloads modules). Dropped with the connection, so none keeps using a closed client.
const holder = globalThis as unknown as { vettedLimiters?: Map<string, unknown> };

export function limiterSingleton<T>(name: string, make: (redis: Redis) => T): T {
  const made = (holder.vettedLimiters ??= new Map());
  if (!made.has(name)) made.set(name, make(limiterRedis()));
  return made.get(name) as T;
}

/** Closes the limiters' connection (if it was opened) and forgets the limiters built on it. */
export function closeLimiters(): void {
  holder.vettedLimiters?.clear();
  closeSharedRedis(CONNECTION);
}
