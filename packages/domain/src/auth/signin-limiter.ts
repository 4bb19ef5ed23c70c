import type { Redis } from "@vetted/queue";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "../errors";
import { limitSubjectHash } from "../limits/limit-keys";
import { limiterSingleton, redisLimiter } from "../limits/limiter-connection";

/**
 * Sign-in throttling, kept in Redis so every web process shares it (issue 14, finding 5).
 *
 * - Per IP: a budget of failed attempts per window; over it, every attempt from that IP is refused.
 * - Per account (keyed by a hash of the entered email, so an unknown email behaves exactly like a
 *   real one): the first few failures are free, then each further attempt must wait a delay that
 *   doubles per failure up to a short cap. Attempts refused while waiting do not count, so a third
 *   party hammering an account cannot push the real user's wait beyond the current delay, and
 *   nobody can lock anyone out for long. A success resets the account's count.
 */
export interface SignInLimitOptions {
  ipFailures: number;
  ipWindowSeconds: number;
  freeFailures: number;
  /** How long an account's failures are remembered without a success. */
  accountWindowSeconds: number;
  /** Delay after the nth failure beyond the free ones: base * 2^(n-1), capped. Whole seconds (Redis EX). */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  keyPrefix: string;
}

export const SIGNIN_LIMITS: SignInLimitOptions = {
  ipFailures: 30,
  ipWindowSeconds: 15 * 60,
  freeFailures: 4,
  accountWindowSeconds: 24 * 60 * 60,
  baseDelaySeconds: 2,
  maxDelaySeconds: 5 * 60,
  keyPrefix: "vetted:signin",
};

export type Admission = { accountKey: string; ipKey: string | null; attempt: number };
export type Refusal = { scope: "ip" | "account"; retryAfterSeconds: number; firstRefusal: boolean };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const isRefusal = (e: unknown): e is RateLimiterRes => e instanceof RateLimiterRes;

export class SignInLimiter {
  private readonly ip: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  private readonly gate: RateLimiterAbstract;

  constructor(
    redis: Redis,
    readonly limits: SignInLimitOptions = SIGNIN_LIMITS,
  ) {
    // With Redis down each process falls back to its own memory: weaker, but sign-in keeps working.
    const make = (name: string, points: number, duration: number) => redisLimiter(redis, { keyPrefix: `${limits.keyPrefix}:${name}`, points, duration });
    this.ip = make("ip", limits.ipFailures, limits.ipWindowSeconds);
    // A plain counter: its points are never the limit, the gate below is.
    this.failures = make("acct-failures", 1_000_000, limits.accountWindowSeconds);
    // One attempt per delay window once the free failures are used up.
    this.gate = make("acct-gate", 1, limits.maxDelaySeconds);
  }

  /** The entered email as a keyed hash (limits/limit-keys.ts): never an address in a Redis key. */
  static accountKey(email: string): string {
    return limitSubjectHash("email", email);
  }

  delayAfter(attempt: number): number {
    const beyond = attempt - this.limits.freeFailures;
    return Math.min(this.limits.maxDelaySeconds, this.limits.baseDelaySeconds * 2 ** Math.max(0, beyond - 1));
  }

  /**
   * Counts the attempt before the password is checked, atomically in Redis, so a burst of parallel
   * guesses cannot all slip through before the first failure is recorded. Returns the refusal
   * instead when the IP is over budget or the account is inside its delay.
   */
  async admit(email: string, ip: string | null): Promise<Admission | Refusal> {
    // An unknown IP (no trusted proxy, see packages/auth/src/client-ip.ts) gets no per-IP budget:
    // one bucket shared by every client would let anyone stop everyone from signing in. The
    // per-account wait still applies, and the web's start-up warns that TRUSTED_PROXIES is empty.
    const ipKey = ip;
    const accountKey = SignInLimiter.accountKey(email);
    try {
      if (ipKey) await this.ip.consume(ipKey);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      // Only the first refusal of a window is worth an audit event; the rest would flood the trail.
      return { scope: "ip", retryAfterSeconds: seconds(e.msBeforeNext), firstRefusal: e.consumedPoints === this.limits.ipFailures + 1 };
    }
    const attempt = (await this.failures.consume(accountKey)).consumedPoints;
    if (attempt > this.limits.freeFailures) {
      try {
        await this.gate.consume(accountKey, 1, { customDuration: this.delayAfter(attempt) });
      } catch (e) {
        if (!isRefusal(e)) throw e;
        // A refused attempt is not a failure: it must not lengthen the real user's wait.
        await this.failures.reward(accountKey);
        return { scope: "account", retryAfterSeconds: seconds(e.msBeforeNext), firstRefusal: false };
      }
    }
    return { accountKey, ipKey, attempt };
  }

  /** Seconds until the account's next attempt, when this failure left it waiting; null when not. */
  async waitAfterFailure(admission: Admission): Promise<number | null> {
    if (admission.attempt <= this.limits.freeFailures) return null;
    const gate = await this.gate.get(admission.accountKey);
    return gate ? seconds(gate.msBeforeNext) : null;
  }

  /** The right password: the account starts afresh, and the IP gets its attempt back. */
  async succeeded(admission: Admission): Promise<void> {
    await Promise.all([
      this.failures.delete(admission.accountKey),
      this.gate.delete(admission.accountKey),
      admission.ipKey ? this.ip.reward(admission.ipKey) : undefined,
    ]);
  }
}

export const isRefused = (r: Admission | Refusal): r is Refusal => "scope" in r;
export const refusedError = (r: { retryAfterSeconds: number }) => new RateLimitedError(r.retryAfterSeconds);

/** The limiter authenticateUser uses by default: the process's shared limiter connection, SIGNIN_LIMITS. */
export const signInLimiter = (): SignInLimiter => limiterSingleton("signin", (redis) => new SignInLimiter(redis));
