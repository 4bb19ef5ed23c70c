// Abuse limits (issue 15): the table, the shared counters, and the checks each kind of request makes.
export { LIMITS, waitInWords, type LimitName, type LimitRule, type LimitSubject, type LimitTable } from "./limit-table";
export { AbuseLimiter, abuseLimiter, type LimitCheck, type LimitRefusal } from "./abuse-limiter";
export { closeLimiters, limiterRedis } from "./limiter-connection";
export { limitSubjectHash } from "./limit-keys";
export { LIMIT_AUDIT_ACTION, auditLimitHit, enforceLimits, limitError, type LimitActor } from "./enforce-limits";
export { admitGroupIntake, admitInvitation, admitPasswordReset, admitUpload } from "./limit-checks";
export { guardPublicLink, isUnknownToken, type MissTest } from "./guard-public-link";
export { guardWebhookSignature, isBadSignature } from "./guard-webhook-signature";
