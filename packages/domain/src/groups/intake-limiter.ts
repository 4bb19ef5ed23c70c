import { baseEnv } from "@vetted/config";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * The group-post intake's budget per org: a relay (or someone holding the secret) flooding one org's
 * address with forwards would fill its officers' queue and notifications. Kept in Redis, so every web
 * process shares it, like the sign-in limits (auth/signin-limiter.ts).
 */
export interface IntakeLimits {
  points: number;
  durationSeconds: number;
  keyPrefix: string;
}
export const INTAKE_LIMITS: IntakeLimits = { points: 60, durationSeconds: 3600, keyPrefix: "vetted:intake" };

export type IntakeAdmission = { refused: false } | { refused: true; retryAfterSeconds: number; firstRefusal: boolean };

export class IntakeLimiter {
  private readonly bucket: RateLimiterAbstract;

  constructor(redis: Redis, readonly limits: IntakeLimits = INTAKE_LIMITS) {
    // With Redis down each process falls back to its own memory: weaker, but forwards keep coming in.
    const { points, durationSeconds: duration, keyPrefix } = limits;
    this.bucket = new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }) });
  }

  /** Counts one forward for the org; over the budget, the wait until the window frees a slot. */
  async admit(orgId: string): Promise<IntakeAdmission> {
    try {
      await this.bucket.consume(orgId);
      return { refused: false };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // Only the first refusal of a window is worth an audit event; the rest would flood the trail.
      return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), firstRefusal: e.consumedPoints === this.limits.points + 1 };
    }
  }
}

// One limiter per process, on globalThis because Next's dev server reloads modules (as signInLimiter).
const holder = globalThis as unknown as { vettedIntakeLimiter?: { limiter: IntakeLimiter; close: () => void } };

/** The limiter receiveGroupIntake uses by default: REDIS_URL, fail-fast connection, INTAKE_LIMITS. */
export function intakeLimiter(): IntakeLimiter {
  if (!holder.vettedIntakeLimiter) {
    const redis = new Redis({ ...connectionFromUrl(baseEnv().REDIS_URL), enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, connectionName: "vetted-intake" });
    // A refused connection falls back to the memory limiter; an unhandled 'error' would crash the process.
    redis.on("error", () => undefined);
    holder.vettedIntakeLimiter = { limiter: new IntakeLimiter(redis), close: () => redis.disconnect() };
  }
  return holder.vettedIntakeLimiter.limiter;
}

export function closeIntakeLimiter(): void {
  holder.vettedIntakeLimiter?.close();
  holder.vettedIntakeLimiter = undefined;
}
