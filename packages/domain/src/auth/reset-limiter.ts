import { baseEnv } from "@vetted/config";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "../errors";
import { SignInLimiter } from "./signin-limiter";

// Password reset requests send mail to whatever address is typed: limited per address (a mailbox
// is not flooded, and nobody can keep replacing someone's live link) and per IP (one client cannot
// walk a list of addresses). Counted in Redis, shared by every web process, like sign-in.

export interface ResetLimitOptions {
  perEmail: number;
  emailWindowSeconds: number;
  perIp: number;
  ipWindowSeconds: number;
  keyPrefix: string;
}

export const RESET_LIMITS: ResetLimitOptions = { perEmail: 3, emailWindowSeconds: 3_600, perIp: 20, ipWindowSeconds: 3_600, keyPrefix: "vetted:pwreset" };

export class ResetLimiter {
  private readonly email: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;

  constructor(redis: Redis, readonly limits: ResetLimitOptions = RESET_LIMITS) {
    const make = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${limits.keyPrefix}:${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${limits.keyPrefix}:${name}`, points, duration }),
      });
    this.email = make("email", limits.perEmail, limits.emailWindowSeconds);
    this.ip = make("ip", limits.perIp, limits.ipWindowSeconds);
  }

  /**
   * Counts one request; throws RateLimitedError (429 + Retry-After) over either budget. The same
   * for known and unknown addresses, so the limit reveals nothing. An unknown IP (no trusted proxy)
   * gets no per-IP bucket, as for sign-in: one bucket for every client would let anyone block all.
   */
  async admit(email: string, ip: string | null): Promise<void> {
    try {
      if (ip) await this.ip.consume(ip);
      await this.email.consume(SignInLimiter.accountKey(email));
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }
}

// One per process, on globalThis because Next's dev server reloads modules (see signin-limiter.ts).
const holder = globalThis as unknown as { vettedResetLimiter?: { limiter: ResetLimiter; close: () => void } };

export function resetLimiter(): ResetLimiter {
  if (!holder.vettedResetLimiter) {
    const redis = new Redis({ ...connectionFromUrl(baseEnv().REDIS_URL), enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, connectionName: "vetted-pwreset" });
    redis.on("error", () => undefined);
    holder.vettedResetLimiter = { limiter: new ResetLimiter(redis), close: () => redis.disconnect() };
  }
  return holder.vettedResetLimiter.limiter;
}

export function closeResetLimiter(): void {
  holder.vettedResetLimiter?.close();
  holder.vettedResetLimiter = undefined;
}
