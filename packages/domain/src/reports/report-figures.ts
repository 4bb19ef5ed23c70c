import type { TenantContext } from "../context";
import { hours, percent, quantile, type Figures } from "./report-measures";

// The figures of one period, read through the org's scoped client. Posts and decisions come from the
// audit trail (what was submitted and decided, when, and what the decision did to the post: the same
// trail the report's verification vouches for); scans, findings, consents, comments, incidents and
// acknowledgements from their own records, by the time each thing happened.

const DAY_MS = 86_400_000;
export const EXPIRING_WITHIN_DAYS = 30;

export const SUBMITTED = "post.submitted";
/** A member's decision (decide-post.ts) and a client approver's (decide-client-approval.ts). */
export const DECISION_ACTIONS = ["post.approve", "post.request_changes", "post.reject", "client_approval.decided"] as const;

export interface Bounds {
  from: Date;
  to: Date;
}

export type FinalOutcome = "approved" | "changesRequested" | "rejected";

/**
 * What a decision event did to the post, when it ended the review; null for an approval of one step of
 * several (the post stays IN_REVIEW), which is not a final decision.
 */
export function finalOutcome(action: string, metadata: unknown): FinalOutcome | null {
  const m = (metadata && typeof metadata === "object" ? metadata : {}) as { to?: unknown; decision?: unknown };
  if (typeof m.to !== "string" || m.to === "IN_REVIEW") return null;
  const decision = action === "client_approval.decided" ? m.decision : action.slice("post.".length).toUpperCase();
  if (decision === "APPROVE") return m.to === "APPROVED" || m.to === "SCHEDULED" ? "approved" : null;
  if (decision === "REQUEST_CHANGES") return "changesRequested";
  if (decision === "REJECT") return "rejected";
  return null;
}

type Timed = { postId: string; at: Date };

/**
 * Submit → final decision, per decision: from the post's latest submission at or before the decision
 * (an earlier round ended by "changes requested" is its own turnaround). A decision with no
 * submission on record (a post submitted before its org's trail was purged) is left out.
 */
export function turnaroundMs(decisions: readonly Timed[], submissions: readonly Timed[]): number[] {
  const byPost = new Map<string, number[]>();
  for (const s of submissions) byPost.set(s.postId, [...(byPost.get(s.postId) ?? []), s.at.getTime()]);
  return decisions.flatMap((d) => {
    const before = (byPost.get(d.postId) ?? []).filter((t) => t <= d.at.getTime());
    return before.length ? [d.at.getTime() - Math.max(...before)] : [];
  });
}

/**
 * A breach of the first-response SLA (moderation/comment-sla.ts): the sweep marked the comment overdue
 * (slaBreachedAt), or its first response came after the deadline (a late answer the minute sweep did
 * not catch first). Counted in the period the deadline fell in.
 */
export function slaBreached(c: { responseDueAt: Date | null; firstRespondedAt: Date | null; slaBreachedAt: Date | null }): boolean {
  if (!c.responseDueAt) return false;
  return c.slaBreachedAt !== null || (c.firstRespondedAt !== null && c.firstRespondedAt.getTime() > c.responseDueAt.getTime());
}

export interface PeriodFigures {
  figures: Figures;
  /** Findings of the period's scans by type: count, and how many of them blocked. */
  findingTypes: Map<string, { count: number; blocking: number }>;
}

/**
 * The figures of [from, to) (the caller ends a running period at now). "Expiring within 30 days" is
 * counted from the end, among the consents active then.
 */
/**
 * When the org's audit trail on record begins: its oldest event kept (the org's creation, or the oldest
 * left after a retention purge); null when it holds none. Posts and decisions before it are not on record.
 */
export async function auditTrailStart(ctx: TenantContext): Promise<Date | null> {
  const first = await ctx.db.auditEvent.aggregate({ where: { orgId: ctx.org.id, chainKey: ctx.org.id }, _min: { createdAt: true } });
  return first._min.createdAt;
}

/** The figures counted from the audit trail: unknown (null), not 0, for a period that ended before the trail began. */
const TRAIL_MEASURES = ["postsSubmitted", "postsApproved", "postsChangesRequested", "postsRejected", "decisions", "turnaroundMedianHours", "turnaroundP90Hours"] as const;

export function beforeTrail(figures: Figures, b: Bounds, trailStart: Date | null): Figures {
  if (trailStart !== null && trailStart.getTime() < b.to.getTime()) return figures;
  return { ...figures, ...Object.fromEntries(TRAIL_MEASURES.map((key) => [key, null])) };
}

export async function loadPeriodFigures(ctx: TenantContext, b: Bounds, now: Date): Promise<PeriodFigures> {
  const orgId = ctx.org.id;
  const during = { gte: b.from, lt: b.to };
  const asOf = new Date(Math.min(b.to.getTime(), now.getTime()));
  const [events, scans, consents, expiring, hides, comments, incidentsOpened, incidentsClosed, acknowledgementsSigned, auditEvents, overrides] = await Promise.all([
    ctx.db.auditEvent.findMany({
      where: { orgId, chainKey: orgId, createdAt: during, action: { in: [SUBMITTED, ...DECISION_ACTIONS] } },
      select: { action: true, targetId: true, createdAt: true, metadata: true },
      orderBy: { seq: "asc" },
    }),
    ctx.db.scanJob.findMany({ where: { status: "SUCCEEDED", finishedAt: during }, select: { revisionId: true, verdict: true } }),
    Promise.all([
      ctx.db.consent.count({ where: { createdAt: during } }),
      ctx.db.consent.count({ where: { revokedAt: during } }),
      ctx.db.consent.count({ where: { expiredAt: during } }),
    ]),
    // Active at `asOf` (registered before it, neither revoked nor expired by then) and ending within 30 days of it.
    ctx.db.consent.count({
      where: {
        createdAt: { lt: asOf }, expiresAt: { gte: asOf, lt: new Date(asOf.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS) },
        AND: [{ OR: [{ revokedAt: null }, { revokedAt: { gte: asOf } }] }, { OR: [{ expiredAt: null }, { expiredAt: { gte: asOf } }] }],
      },
    }),
    ctx.db.moderationAction.count({ where: { kind: "HIDE", status: "SENT", sentAt: during } }),
    ctx.db.socialComment.findMany({ where: { responseDueAt: during }, select: { responseDueAt: true, firstRespondedAt: true, slaBreachedAt: true } }),
    ctx.db.incident.count({ where: { createdAt: during } }),
    ctx.db.incident.count({ where: { closedAt: during } }),
    ctx.db.policyAcknowledgement.count({ where: { signedAt: during } }),
    ctx.db.auditEvent.count({ where: { orgId, chainKey: orgId, createdAt: during } }),
    ctx.db.findingOverride.count({ where: { createdAt: during } }),
  ]);

  const submissions = events.filter((e) => e.action === SUBMITTED);
  const finals = events.flatMap((e) => {
    const outcome = DECISION_ACTIONS.includes(e.action as (typeof DECISION_ACTIONS)[number]) ? finalOutcome(e.action, e.metadata) : null;
    return outcome && e.targetId ? [{ postId: e.targetId, at: e.createdAt, outcome }] : [];
  });
  // Each timed decision's submission may lie before the period: read them back from the trail.
  const decided = [...new Set(finals.map((d) => d.postId))];
  const earlier = decided.length
    ? await ctx.db.auditEvent.findMany({
        where: { orgId, chainKey: orgId, action: SUBMITTED, targetId: { in: decided }, createdAt: { lt: b.to } },
        select: { targetId: true, createdAt: true },
      })
    : [];
  const waits = turnaroundMs(finals, earlier.map((s) => ({ postId: s.targetId!, at: s.createdAt })));

  const findingTypes = await findingsByType(ctx, scans.map((s) => s.revisionId));
  const blocked = scans.filter((s) => s.verdict === "block").length;
  const count = (o: FinalOutcome) => finals.filter((d) => d.outcome === o).length;
  const figures: Figures = {
    postsSubmitted: submissions.length,
    postsApproved: count("approved"),
    postsChangesRequested: count("changesRequested"),
    postsRejected: count("rejected"),
    scansCompleted: scans.length,
    scansBlocked: blocked,
    blockedRatePercent: percent(blocked, scans.length),
    findings: [...findingTypes.values()].reduce((n, t) => n + t.count, 0),
    decisions: waits.length,
    turnaroundMedianHours: nullable(quantile(waits, 0.5), hours),
    turnaroundP90Hours: nullable(quantile(waits, 0.9), hours),
    overrides,
    consentsNew: consents[0],
    consentsRevoked: consents[1],
    consentsExpired: consents[2],
    consentsExpiringNext30Days: expiring,
    commentsHidden: hides,
    slaBreaches: comments.filter(slaBreached).length,
    incidentsOpened,
    incidentsClosed,
    acknowledgementsSigned,
    auditEvents,
  };
  return { figures, findingTypes };
}

const nullable = <T, R>(v: T | null, f: (v: T) => R): R | null => (v === null ? null : f(v));

async function findingsByType(ctx: TenantContext, revisionIds: string[]) {
  const out = new Map<string, { count: number; blocking: number }>();
  if (revisionIds.length === 0) return out;
  const rows = await ctx.db.finding.groupBy({ by: ["type", "blocking"], where: { revisionId: { in: revisionIds } }, _count: { _all: true } });
  for (const r of rows) {
    const t = out.get(r.type) ?? { count: 0, blocking: 0 };
    t.count += r._count._all;
    if (r.blocking) t.blocking += r._count._all;
    out.set(r.type, t);
  }
  return out;
}
