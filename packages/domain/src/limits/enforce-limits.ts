import { db, scopedDb } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { RateLimitedError } from "../errors";
import { abuseLimiter, type AbuseLimiter, type LimitCheck, type LimitRefusal } from "./abuse-limiter";
import { LIMITS } from "./limit-table";

/** Whose trail a refusal goes into: the org's chain, or the platform chain (orgId null) for anonymous callers. */
export interface LimitActor {
  orgId: string | null;
  actorId: string | null;
  /** For an actor without a user row: "anonymous", "webhook", "intake". */
  actorLabel?: string;
}

export const LIMIT_AUDIT_ACTION = "rate_limit.exceeded";

// The limiter is always optional and resolved only when something is counted: a default parameter
// would open the Redis connection on every call, even one that limits nothing.

/**
 * One audit event per bucket and window (the caller passes only first refusals): ids, the rule and
 * its numbers; an IP or address only as the bucket's keyed hash. No request IP or user agent either:
 * the event says which limit was hit, not who is behind an address.
 */
export async function auditLimitHit(refusal: LimitRefusal, who: LimitActor, limiter?: AbuseLimiter): Promise<void> {
  const rule = (limiter?.table ?? LIMITS)[refusal.limit];
  const hashed = rule.per === "ip" || rule.per === "email";
  const client = who.orgId ? scopedDb(who.orgId) : db();
  await client.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: who.orgId, actorId: who.actorId, actorLabel: who.actorLabel ?? null,
      action: LIMIT_AUDIT_ACTION, targetType: "RateLimit", targetId: refusal.limit,
      metadata: { limit: refusal.limit, per: rule.per, points: rule.points, windowSeconds: rule.windowSeconds, retryAfterSeconds: refusal.retryAfterSeconds, ...(hashed ? { subjectHash: refusal.subjectHash } : {}) },
    }),
  );
}

/** The refusal as the error every adapter maps to 429 + Retry-After (or a form message). */
export function limitError(refusal: LimitRefusal, limiter?: AbuseLimiter): RateLimitedError {
  return new RateLimitedError(refusal.retryAfterSeconds, refusal.limit, (limiter?.table ?? LIMITS)[refusal.limit].what);
}

/** A refusal already decided (a gate, a counted miss): audited if it is the window's first, then thrown. */
export async function refuse(refusal: LimitRefusal, who: LimitActor, limiter?: AbuseLimiter): Promise<never> {
  if (refusal.firstRefusal) await auditLimitHit(refusal, who, limiter);
  throw limitError(refusal, limiter);
}

/**
 * Counts one event against every check (all or nothing, see AbuseLimiter.consume); over any of them
 * throws RateLimitedError naming the rule, after auditing the window's first refusal.
 */
export async function enforceLimits(checks: LimitCheck[], who: LimitActor, limiter?: AbuseLimiter): Promise<void> {
  const refusal = await (limiter ?? abuseLimiter()).consume(checks);
  if (refusal) await refuse(refusal, who, limiter);
}
