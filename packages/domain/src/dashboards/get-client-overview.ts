import type { Role } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { getPolicyCoverage } from "../policy/get-policy-coverage";
import { attentionScore, type Attention } from "./attention-score";
import { countClientFigures } from "./count-client-figures";
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
  coverage: { percent: number | null; acknowledged: number; people: number; versionNumber: number | null } | null;
  attention: Attention;
}

/** Orgs whose policy coverage is read at once: each is a handful of queries, and the pool holds 10 connections. */
const COVERAGE_AT_ONCE = 3;

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
 * order. The counts of all of them are one statement and their rollups another (count-client-figures.ts,
 * refresh-daily-stats.ts: forOrgs scopes, one row per org); only the policy coverage is read org by org.
 */
export async function getClientOverviews(contexts: TenantContext[], now: Date = new Date()): Promise<ClientOverview[]> {
  for (const ctx of contexts) assertCan(ctx, "posts.view");
  const window = statsWindow(now);
  const parts = new Map(contexts.map((ctx) => [ctx.org.id, { comments: can(ctx, "comments.view"), incidents: can(ctx, "incidents.manage"), consents: can(ctx, "consents.view") }]));
  const [figuresOf, rollupOf, coverageOf] = await Promise.all([
    countClientFigures([...parts].map(([orgId, p]) => ({ orgId, parts: p })), now),
    currentDailyStats(contexts, now),
    coverages(contexts.filter((ctx) => can(ctx, "manual.manage")), now),
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

async function coverages(contexts: TenantContext[], now: Date) {
  const out = new Map<string, Awaited<ReturnType<typeof coverageOf>>>();
  for (let i = 0; i < contexts.length; i += COVERAGE_AT_ONCE) {
    const batch = contexts.slice(i, i + COVERAGE_AT_ONCE);
    (await Promise.all(batch.map((ctx) => coverageOf(ctx, now)))).forEach((c, j) => out.set(batch[j]!.org.id, c));
  }
  return out;
}

/** The totals of the coverage report (policy/get-policy-coverage.ts): the same people and states, as one percentage. */
async function coverageOf(ctx: TenantContext, now: Date) {
  const { version, totals } = await getPolicyCoverage(ctx, now);
  const percent = version && totals.people > 0 ? Math.floor((100 * totals.acknowledged) / totals.people) : null;
  return { percent, acknowledged: totals.acknowledged, people: totals.people, versionNumber: version?.number ?? null };
}
