import type { Role } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { attentionScore, type Attention } from "./attention-score";
import { countClientFigures } from "./count-client-figures";
import { countPolicyCoverage, type CoverageTotals } from "./count-policy-coverage";
import { currentDailyStats } from "./refresh-daily-stats";
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
  coverage: CoverageTotals | null;
  attention: Attention;
}

/**
 * One client org's row of the agency overview: counts only, never a name, a text or a PHI field, from
 * indexed queries in the org's raw SQL scope; the 12-week scan figures from the daily rollup, today's
 * refreshed first. A part the viewer's role does not cover (comments, incidents, consents, the policy
 * coverage) is null rather than a count they could not open.
 */
export async function getClientOverview(ctx: TenantContext, now: Date = new Date()): Promise<ClientOverview> {
  return (await getClientOverviews([ctx], now))[0]!;
}

/**
 * The rows of several orgs, each in its own tenant context (the viewer's role there), in the contexts'
 * order. The counts of all of them are one statement, their rollups another and their policy coverage a
 * third (count-client-figures.ts, refresh-daily-stats.ts, count-policy-coverage.ts: forOrgs scopes, one
 * row per org).
 */
export async function getClientOverviews(contexts: TenantContext[], now: Date = new Date()): Promise<ClientOverview[]> {
  for (const ctx of contexts) assertCan(ctx, "posts.view");
  const window = statsWindow(now);
  const parts = new Map(contexts.map((ctx) => [ctx.org.id, { comments: can(ctx, "comments.view"), incidents: can(ctx, "incidents.manage"), consents: can(ctx, "consents.view") }]));
  const [figuresOf, rollupOf, coverageOf] = await Promise.all([
    countClientFigures([...parts].map(([orgId, p]) => ({ orgId, parts: p })), now),
    currentDailyStats(contexts, now),
    countPolicyCoverage(contexts.filter((ctx) => can(ctx, "manual.manage")).map((ctx) => ctx.org.id), now),
  ]);
  return contexts.map((ctx) => {
    const { waiting, overdue, hidden, slaBreaches, incidentsOpen, consentsExpiring } = figuresOf.get(ctx.org.id)!;
    const scans = summarizeScans(
      window,
      rollupOf.get(ctx.org.id)!.map((r) => ({ day: r.day, revisionsScanned: r.revisionsScanned, revisionsBlocked: r.revisionsBlocked, findingsByType: countsByType(r.findingsByType) })),
    );
    const comments = parts.get(ctx.org.id)!.comments ? { hidden: hidden!, slaBreaches: slaBreaches! } : null;
    const coverage = coverageOf.get(ctx.org.id) ?? null;
    const attention = attentionScore({
      overdueReviews: overdue, slaBreaches: comments?.slaBreaches ?? null, openIncidents: incidentsOpen,
      expiringConsents: consentsExpiring, coveragePercent: coverage?.percent ?? null,
    });
    return {
      org: { id: ctx.org.id, slug: ctx.org.slug, name: ctx.org.name }, role: ctx.role, posts: { waiting, overdue }, scans, comments, incidentsOpen, consentsExpiring, coverage, attention,
    };
  });
}
