import { baseEnv } from "@vetted/config";
import { closeSharedRedis, sharedRedis, type Redis } from "@vetted/queue";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

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

// Connections that have been ready once. Before that, commands wait for the first connection (a
// process's first attempts are counted in Redis, not in memory); after a loss they must not wait.
const everReady = new WeakSet<Redis>();
const tracked = new WeakSet<Redis>();

function track(redis: Redis): void {
  if (tracked.has(redis)) return;
  tracked.add(redis);
  if (redis.status === "ready") everReady.add(redis);
  redis.on("ready", () => everReady.add(redis));
}

/**
 * Whether a limiter counts in Redis now: yes while the connection is up, and while it is being made
 * for the first time; no once an established connection is lost (reconnecting, closed). Each command
 * would otherwise wait for a reconnect attempt to fail (seconds) before the memory fallback counted it,
 * and every request that checks a limit (sign-in, uploads, submits) would wait with it (npm run chaos:
 * 12 s a submit with Redis down).
 */
export function countsInRedis(redis: Redis): boolean {
  return redis.status === "ready" || !everReady.has(redis);
}

/** rate-limiter-flexible's Redis counter, asking countsInRedis before each command. */
class RedisOrMemoryLimiter extends RateLimiterRedis {
  constructor(
    opts: ConstructorParameters<typeof RateLimiterRedis>[0],
    private readonly connection: Redis,
  ) {
    super(opts);
  }

  // rate-limiter-flexible's own hook (consulted before every command): false sends the event to the insurance limiter.
  _isRedisReady(): boolean {
    return countsInRedis(this.connection);
  }
}

/**
 * A fixed-window counter kept in Redis, shared by every process, falling back to this process's memory
 * when Redis fails or is lost (weaker, but nothing stops working). Every limiter is made here.
 */
export function redisLimiter(redis: Redis, opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract {
  track(redis);
  return new RedisOrMemoryLimiter({ storeClient: redis, ...opts, insuranceLimiter: new RateLimiterMemory(opts) }, redis);
}
