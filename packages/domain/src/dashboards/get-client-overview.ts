import type { Role } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { getPolicyCoverage } from "../policy/get-policy-coverage";
import { attentionScore, type Attention } from "./attention-score";
import { countClientFigures } from "./count-client-figures";
import { currentOrgDailyStats } from "./refresh-daily-stats";
import { countsByType, summarizeScans, type ScanSummary } from "./scan-summary";
import { statsWindow } from "./stats-window";

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
 * One client org's row of the agency overview: counts only, never a name, a text or a PHI field, from
 * indexed queries in the org's raw SQL scope (count-client-figures.ts: one statement); the 12-week scan
 * figures from the daily rollup, today's refreshed first. A part the viewer's role does not cover
 * (comments, incidents, consents, the policy coverage) is null rather than a count they could not open.
 */
export async function getClientOverview(ctx: TenantContext, now: Date = new Date()): Promise<ClientOverview> {
  assertCan(ctx, "posts.view");
  const window = statsWindow(now);
  const parts = { comments: can(ctx, "comments.view"), incidents: can(ctx, "incidents.manage"), consents: can(ctx, "consents.view") };
  const [figures, rollup, coverage] = await Promise.all([
    countClientFigures(ctx.org.id, parts, now),
    currentOrgDailyStats(ctx, now),
    can(ctx, "manual.manage") ? coverageOf(ctx, now) : null,
  ]);
  const scans = summarizeScans(
    window,
    rollup.map((r) => ({ day: r.day, revisionsScanned: r.revisionsScanned, revisionsBlocked: r.revisionsBlocked, findingsByType: countsByType(r.findingsByType) })),
  );
  const { waiting, overdue, hidden, slaBreaches, incidentsOpen, consentsExpiring } = figures;
  const comments = parts.comments ? { hidden: hidden!, slaBreaches: slaBreaches! } : null;
  const attention = attentionScore({
    overdueReviews: overdue, slaBreaches: comments?.slaBreaches ?? null, openIncidents: incidentsOpen,
    expiringConsents: consentsExpiring, coveragePercent: coverage?.percent ?? null,
  });
  return {
    org: { id: ctx.org.id, slug: ctx.org.slug, name: ctx.org.name }, role: ctx.role, posts: { waiting, overdue }, scans, comments, incidentsOpen, consentsExpiring, coverage, attention,
  };
}

/** The totals of the coverage report (policy/get-policy-coverage.ts): the same people and states, as one percentage. */
async function coverageOf(ctx: TenantContext, now: Date) {
  const { version, totals } = await getPolicyCoverage(ctx, now);
  const percent = version && totals.people > 0 ? Math.floor((100 * totals.acknowledged) / totals.people) : null;
  return { percent, acknowledged: totals.acknowledged, people: totals.people, versionNumber: version?.number ?? null };
}
