import type { Role } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { expiringSoonWhere } from "../consents/search-consents";
import { slaBreachedWhere } from "../moderation/comment-sla";
import { getPolicyCoverage } from "../policy/get-policy-coverage";
import { countOrgWaitingPosts } from "../posts/count-waiting-posts";
import { attentionScore, type Attention } from "./attention-score";
import { refreshOrgDailyStats } from "./refresh-daily-stats";
import { countsByType, summarizeScans, type ScanSummary } from "./scan-summary";
import { dayStart, statsWindow, utcDay } from "./stats-window";

export interface ClientOverview {
  org: { id: string; slug: string; name: string };
  role: Role;
  posts: { waiting: number; overdue: number };
  scans: ScanSummary;
  // Each null when the viewer's role may not see that part of the org (the permission of its own page).
  comments: { hidden: number; slaBreaches: number } | null;
  incidentsOpen: number | null;
  consentsExpiring: number | null;
  /** Whole percent (rounded down, never overstated) of the people in scope who acknowledged the policy in effect. */
  coverage: { percent: number | null; acknowledged: number; people: number; versionNumber: number | null } | null;
  attention: Attention;
}

/**
 * One client org's row of the agency overview: counts only, never a name, a text or a PHI field, each
 * from an indexed query through the org's scoped client; the 12-week scan figures from the daily
 * rollup, today's refreshed first. A part the viewer's role does not cover (comments, incidents,
 * consents, the policy coverage) is null rather than a count they could not open.
 */
export async function getClientOverview(ctx: TenantContext, now: Date = new Date()): Promise<ClientOverview> {
  assertCan(ctx, "posts.view");
  await refreshOrgDailyStats(ctx, now);
  const window = statsWindow(now);
  const [posts, rollup, comments, incidentsOpen, consentsExpiring, coverage] = await Promise.all([
    countOrgWaitingPosts(ctx.db, now),
    ctx.db.orgDailyStats.findMany({ where: { day: { gte: dayStart(window.first) } }, orderBy: { day: "asc" } }),
    can(ctx, "comments.view") ? commentCounts(ctx, now) : null,
    // Open until closed: an assessed incident still waits for its decision and notices.
    can(ctx, "incidents.manage") ? ctx.db.incident.count({ where: { status: { not: "CLOSED" } } }) : null,
    can(ctx, "consents.view") ? ctx.db.consent.count({ where: expiringSoonWhere(now) }) : null,
    can(ctx, "manual.manage") ? coverageOf(ctx, now) : null,
  ]);
  const scans = summarizeScans(
    window,
    rollup.map((r) => ({ day: utcDay(r.day), revisionsScanned: r.revisionsScanned, revisionsBlocked: r.revisionsBlocked, findingsByType: countsByType(r.findingsByType) })),
  );
  const attention = attentionScore({
    overdueReviews: posts.overdue, slaBreaches: comments?.slaBreaches ?? null, openIncidents: incidentsOpen,
    expiringConsents: consentsExpiring, coveragePercent: coverage?.percent ?? null,
  });
  return { org: { id: ctx.org.id, slug: ctx.org.slug, name: ctx.org.name }, role: ctx.role, posts, scans, comments, incidentsOpen, consentsExpiring, coverage, attention };
}

/** Comments hidden on the platform now (not deleted), and first responses past their deadline. */
async function commentCounts(ctx: TenantContext, now: Date) {
  const [hidden, slaBreaches] = await Promise.all([
    ctx.db.socialComment.count({ where: { hiddenAt: { not: null }, deletedAt: null } }),
    ctx.db.socialComment.count({ where: slaBreachedWhere(now) }),
  ]);
  return { hidden, slaBreaches };
}

/** The totals of the coverage report (policy/get-policy-coverage.ts): the same people and states, as one percentage. */
async function coverageOf(ctx: TenantContext, now: Date) {
  const { version, totals } = await getPolicyCoverage(ctx, now);
  const percent = version && totals.people > 0 ? Math.floor((100 * totals.acknowledged) / totals.people) : null;
  return { percent, acknowledged: totals.acknowledged, people: totals.people, versionNumber: version?.number ?? null };
}
