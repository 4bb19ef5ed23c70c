import type { RequestMeta, TenantContext } from "../context";
import type { AbuseLimiter, LimitCheck } from "./abuse-limiter";
import { enforceLimits } from "./enforce-limits";

// The checks each kind of request makes (rules in limit-table.ts). Each throws RateLimitedError
// (429 + Retry-After) over a limit, after auditing the window's first refusal once.

/** Before an invitation mail is written: the inviting user's budget, then the org's. */
export function admitInvitation(ctx: TenantContext, limiter?: AbuseLimiter): Promise<void> {
  const checks: LimitCheck[] = [{ limit: "invitations.user", subject: ctx.user.id }, { limit: "invitations.org", subject: ctx.org.id }];
  return enforceLimits(checks, { orgId: ctx.org.id, actorId: ctx.user.id }, limiter);
}

/** Before an upload's body is read (apps/web/lib/multipart.ts): the uploader's budget, then the org's. */
export function admitUpload(ctx: TenantContext, limiter?: AbuseLimiter): Promise<void> {
  const checks: LimitCheck[] = [{ limit: "uploads.user", subject: ctx.user.id }, { limit: "uploads.org", subject: ctx.org.id }];
  return enforceLimits(checks, { orgId: ctx.org.id, actorId: ctx.user.id }, limiter);
}

/**
 * A password reset request, known address or not (the answer must not tell them apart): the IP's
 * budget, then the address's. An unknown IP (no trusted proxy, see packages/auth/src/client-ip.ts)
 * gets no per-IP bucket, as for sign-in: one bucket for every client would let anyone block all.
 */
export function admitPasswordReset(email: string, request: RequestMeta, limiter?: AbuseLimiter): Promise<void> {
  const checks: LimitCheck[] = [...(request.ip ? [{ limit: "password_reset.ip", subject: request.ip } as const] : []), { limit: "password_reset.email", subject: email }];
  return enforceLimits(checks, { orgId: null, actorId: null, actorLabel: "anonymous" }, limiter);
}

/** A forwarded group post, once its token has named the org. */
export function admitGroupIntake(orgId: string, limiter?: AbuseLimiter): Promise<void> {
  return enforceLimits([{ limit: "group_intake.org", subject: orgId }], { orgId, actorId: null, actorLabel: "intake" }, limiter);
}
