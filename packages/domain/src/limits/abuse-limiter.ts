import type { Redis } from "@vetted/queue";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { limitSubjectHash } from "./limit-keys";
import { LIMITS, type LimitName, type LimitTable } from "./limit-table";
import { limiterSingleton, redisLimiter } from "./limiter-connection";

/** One event to count against one rule: `subject` is the org id, user id, IP or email it is kept per. */
export interface LimitCheck {
  limit: LimitName;
  subject: string;
}

export interface LimitRefusal {
  limit: LimitName;
  retryAfterSeconds: number;
  /** The first refusal of this bucket's window: the one worth an audit event. */
  firstRefusal: boolean;
  /** The bucket's keyed hash (limit-keys.ts): names an IP or address without holding it. */
  subjectHash: string;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The fixed-window counters of limit-table.ts, kept in Redis so every web process shares them (the
 * mechanism of the sign-in limiter, rate-limiter-flexible). With Redis down each process falls back
 * to its own memory: weaker, but nothing stops working.
 */
export class AbuseLimiter {
  private readonly buckets = new Map<LimitName, RateLimiterAbstract>();

  constructor(
    private readonly redis: Redis,
    readonly table: LimitTable = LIMITS,
    readonly keyPrefix = "vetted:limit",
  ) {}

  private bucket(limit: LimitName): RateLimiterAbstract {
    let bucket = this.buckets.get(limit);
    if (!bucket) {
      const { points, windowSeconds: duration } = this.table[limit];
      const keyPrefix = `${this.keyPrefix}:${limit}`;
      bucket = redisLimiter(this.redis, { keyPrefix, points, duration });
      this.buckets.set(limit, bucket);
    }
    return bucket;
  }

  private key(check: LimitCheck): string {
    return limitSubjectHash(this.table[check.limit].per, check.subject);
  }

  /**
   * Counts one event against every check, in order, atomically per bucket (parallel requests cannot
   * slip through together). All or nothing: when one refuses, the points already taken from the
   * checks before it are given back, so a refused event counts only against the rule that refused.
   */
  async consume(checks: LimitCheck[]): Promise<LimitRefusal | null> {
    const taken: LimitCheck[] = [];
    for (const check of checks) {
      try {
        await this.bucket(check.limit).consume(this.key(check));
        taken.push(check);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        await Promise.all(taken.map((t) => this.bucket(t.limit).reward(this.key(t))));
        const { points } = this.table[check.limit];
        return { limit: check.limit, retryAfterSeconds: seconds(e.msBeforeNext), firstRefusal: e.consumedPoints === points + 1, subjectHash: this.key(check) };
      }
    }
    return null;
  }

  /** Whether the bucket is already over its budget, without counting anything (a gate before a look-up). */
  async peek(check: LimitCheck): Promise<LimitRefusal | null> {
    const state = await this.bucket(check.limit).get(this.key(check));
    if (!state || state.consumedPoints <= this.table[check.limit].points) return null;
    return { limit: check.limit, retryAfterSeconds: seconds(state.msBeforeNext), firstRefusal: false, subjectHash: this.key(check) };
  }

  /** Empties one bucket (an operator lifting a limit early; tests that need a fresh budget). */
  async forget(check: LimitCheck): Promise<void> {
    await this.bucket(check.limit).delete(this.key(check));
  }
}

/** The limiter the use cases use by default: the process's shared limiter connection, LIMITS. */
export const abuseLimiter = (): AbuseLimiter => limiterSingleton("abuse", (redis) => new AbuseLimiter(redis));
