import { db, forOrg, ORG_ID, pgDirect, rawSql } from "@vetted/db";
import { DAY_MS, addDays, dayStart, statsWindow } from "./stats-window";

/**
 * A past day's row is final once it was refreshed this long after the day ended: a scan finishing at
 * 23:59:59 is stamped then but committed a moment later.
 */
export const FINAL_AFTER_MS = 10 * 60_000;

/** What the rollup needs of a context: the org (a TenantContext is one). */
export interface OrgScope {
  org: { id: string };
}

/** One day of an org's rollup, as the overview reads it. */
export interface RollupDay {
  /** "YYYY-MM-DD" (UTC). */
  day: string;
  revisionsScanned: number;
  revisionsBlocked: number;
  findingsByType: unknown;
  refreshedAt: Date;
}

/**
 * Brings one org's daily rollup (OrgDailyStats) up to date for the overview's 12 weeks: today always,
 * and every earlier day whose row is missing or was last refreshed before that day was over. One
 * statement recomputes the days from the earliest such day to today from ScanJob and Finding (the
 * (orgId, finishedAt) and (orgId, revisionId) indexes) and upserts the ones that changed, zeros included,
 * so a quiet day is computed once. Concurrent refreshes of one org are harmless: each writes the same figures.
 * Returns how many days it recomputed.
 */
export async function refreshOrgDailyStats(scope: OrgScope, now: Date = new Date()): Promise<number> {
  return (await refreshRollup(scope, now)).days;
}

/**
 * The overview's read: the window's rows after the refresh above, in two statements (the rows, then
 * the refresh returning what it wrote) on the pg pool, the web's share of CPU being the page's cost.
 * Oldest first; a day without a row (none is missing after the refresh) is absent.
 */
export async function currentOrgDailyStats(scope: OrgScope, now: Date = new Date()): Promise<RollupDay[]> {
  const { rows, written } = await refreshRollup(scope, now);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  for (const w of written) byDay.set(w.day, w);
  return [...byDay.values()].sort((x, y) => x.day.localeCompare(y.day));
}

async function refreshRollup(scope: OrgScope, now: Date): Promise<{ rows: RollupDay[]; written: RollupDay[]; days: number }> {
  const window = statsWindow(now);
  const sql = rawSql(pgDirect(), forOrg(scope.org.id));
  const rows = await sql.query<RollupDay[]>`
    SELECT day::text AS day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"
    FROM "OrgDailyStats" WHERE "orgId" = ${ORG_ID}::uuid AND day >= ${window.first}::date ORDER BY day`;
  const final = new Set(rows.filter((r) => r.refreshedAt.getTime() >= dayStart(r.day).getTime() + DAY_MS + FINAL_AFTER_MS).map((r) => r.day));
  // Today is never final, so there is always a first day to refresh.
  const from = window.days.find((d) => !final.has(d)) ?? window.today;
  const start = dayStart(from);
  const end = dayStart(addDays(window.today, 1));
  // A scan "had" a blocking finding when one of its findings was written blocking (by the org's policy at
  // the time); dismissed findings still count: what the scanner found is the figure.
  // A row whose figures did not change is not written again unless writing it now makes its day final:
  // every overview view refreshes today, and rewriting the same rows made concurrent viewers of one
  // org queue on their row locks (bench:pages).
  const written = await sql.query<RollupDay[]>`
    WITH fresh AS (
    SELECT d.day::date AS day, COALESCE(s.scanned, 0) AS scanned, COALESCE(s.blocked, 0) AS blocked, COALESCE(t.by_type, '{}'::jsonb) AS by_type
    FROM generate_series(${from}::date, ${window.today}::date, interval '1 day') AS d(day)
    LEFT JOIN (
      SELECT (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, count(*)::int AS scanned,
        (count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM "Finding" f WHERE f."orgId" = ${ORG_ID}::uuid AND f."revisionId" = j."revisionId" AND f.blocking
        )))::int AS blocked
      FROM "ScanJob" j
      WHERE j."orgId" = ${ORG_ID}::uuid AND j.status = 'SUCCEEDED' AND j."finishedAt" >= ${start} AND j."finishedAt" < ${end}
      GROUP BY 1
    ) s ON s.day = d.day::date
    LEFT JOIN (
      SELECT g.day, jsonb_object_agg(g.type, g.n) AS by_type FROM (
        SELECT (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, f.type, count(*)::int AS n
        FROM "ScanJob" j JOIN "Finding" f ON f."orgId" = ${ORG_ID}::uuid AND f."revisionId" = j."revisionId"
        WHERE j."orgId" = ${ORG_ID}::uuid AND j.status = 'SUCCEEDED' AND j."finishedAt" >= ${start} AND j."finishedAt" < ${end}
        GROUP BY 1, 2
      ) g GROUP BY g.day
    ) t ON t.day = d.day::date
    )
    INSERT INTO "OrgDailyStats" ("orgId", "day", "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt")
    SELECT ${ORG_ID}::uuid, f.day, f.scanned, f.blocked, f.by_type, ${now}
    FROM fresh f
    WHERE NOT EXISTS (
      SELECT 1 FROM "OrgDailyStats" o
      WHERE o."orgId" = ${ORG_ID}::uuid AND o.day = f.day
        AND o."revisionsScanned" = f.scanned AND o."revisionsBlocked" = f.blocked AND o."findingsByType" = f.by_type
        AND ${now}::timestamptz < (f.day::timestamp AT TIME ZONE 'UTC') + ${`${DAY_MS + FINAL_AFTER_MS} milliseconds`}::interval
    )
    ON CONFLICT ("orgId", "day") DO UPDATE SET
      "revisionsScanned" = EXCLUDED."revisionsScanned", "revisionsBlocked" = EXCLUDED."revisionsBlocked",
      "findingsByType" = EXCLUDED."findingsByType", "refreshedAt" = EXCLUDED."refreshedAt"
    RETURNING day::text AS day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"`;
  return { rows, written, days: Math.round((end.getTime() - start.getTime()) / DAY_MS) };
}

/**
 * The worker's rollup sweep (every 15 minutes): each org's rollup brought up to date in that org's
 * raw SQL scope, one org at a time. Organization is no tenant-owned table: listing the ids spans
 * no org's rows. One org failing does not starve the ones after it; the first error is rethrown at the
 * end, so the periodic runner logs it.
 */
export async function refreshDailyStats(now: Date = new Date()): Promise<{ orgs: number; days: number }> {
  const orgs = await db().organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  let days = 0;
  let failure: unknown = null;
  for (const org of orgs) {
    try {
      days += await refreshOrgDailyStats({ org }, now);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { orgs: orgs.length, days };
}
