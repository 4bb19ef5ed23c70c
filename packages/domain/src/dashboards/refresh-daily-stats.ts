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
 * The overview's read: the window's rows after the refresh above, in the refresh's own statement (on
 * the pg pool: the page's cost is the web's CPU per statement). Oldest first.
 */
export async function currentOrgDailyStats(scope: OrgScope, now: Date = new Date()): Promise<RollupDay[]> {
  return (await refreshRollup(scope, now)).rows;
}

/**
 * One statement: the window's rows as stored, the first day not final (today never is), the days from
 * there recomputed and upserted, and the window's rows as they now stand.
 */
async function refreshRollup(scope: OrgScope, now: Date): Promise<{ rows: RollupDay[]; days: number }> {
  const window = statsWindow(now);
  const end = dayStart(addDays(window.today, 1));
  const finalAfter = `${DAY_MS + FINAL_AFTER_MS} milliseconds`;
  // A scan "had" a blocking finding when one of its findings was written blocking (by the org's policy at
  // the time); dismissed findings still count: what the scanner found is the figure.
  // A row whose figures did not change is not written again unless writing it now makes its day final:
  // every overview view refreshes today, and rewriting the same rows made concurrent viewers of one
  // org queue on their row locks (bench:pages).
  const rows = await rawSql(pgDirect(), forOrg(scope.org.id)).query<(RollupDay & { daysRefreshed: number })[]>`
    WITH existing AS MATERIALIZED (
      SELECT day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"
      FROM "OrgDailyStats" WHERE "orgId" = ${ORG_ID}::uuid AND day >= ${window.first}::date
    ), span AS (
      SELECT COALESCE(min(d.day), ${window.today}::date)::date AS first_open FROM generate_series(${window.first}::date, ${window.today}::date, interval '1 day') AS d(day)
      WHERE NOT EXISTS (
        SELECT 1 FROM existing e WHERE e.day = d.day::date AND e."refreshedAt" >= (e.day::timestamp AT TIME ZONE 'UTC') + ${finalAfter}::interval
      )
    ), bounds AS (
      SELECT first_open, (first_open::timestamp AT TIME ZONE 'UTC') AS start_at FROM span
    ), fresh AS (
      SELECT d.day::date AS day, COALESCE(s.scanned, 0) AS scanned, COALESCE(s.blocked, 0) AS blocked, COALESCE(t.by_type, '{}'::jsonb) AS by_type
      FROM generate_series((SELECT first_open FROM bounds), ${window.today}::date, interval '1 day') AS d(day)
      LEFT JOIN (
        SELECT (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, count(*)::int AS scanned,
          (count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM "Finding" f WHERE f."orgId" = ${ORG_ID}::uuid AND f."revisionId" = j."revisionId" AND f.blocking
          )))::int AS blocked
        FROM "ScanJob" j
        WHERE j."orgId" = ${ORG_ID}::uuid AND j.status = 'SUCCEEDED' AND j."finishedAt" >= (SELECT start_at FROM bounds) AND j."finishedAt" < ${end}
        GROUP BY 1
      ) s ON s.day = d.day::date
      LEFT JOIN (
        SELECT g.day, jsonb_object_agg(g.type, g.n) AS by_type FROM (
          SELECT (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, f.type, count(*)::int AS n
          FROM "ScanJob" j JOIN "Finding" f ON f."orgId" = ${ORG_ID}::uuid AND f."revisionId" = j."revisionId"
          WHERE j."orgId" = ${ORG_ID}::uuid AND j.status = 'SUCCEEDED' AND j."finishedAt" >= (SELECT start_at FROM bounds) AND j."finishedAt" < ${end}
          GROUP BY 1, 2
        ) g GROUP BY g.day
      ) t ON t.day = d.day::date
    ), written AS (
      INSERT INTO "OrgDailyStats" ("orgId", "day", "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt")
      SELECT ${ORG_ID}::uuid, f.day, f.scanned, f.blocked, f.by_type, ${now}
      FROM fresh f
      WHERE NOT EXISTS (
        SELECT 1 FROM existing o
        WHERE o.day = f.day AND o."revisionsScanned" = f.scanned AND o."revisionsBlocked" = f.blocked AND o."findingsByType" = f.by_type
          AND ${now}::timestamptz < (f.day::timestamp AT TIME ZONE 'UTC') + ${finalAfter}::interval
      )
      ON CONFLICT ("orgId", "day") DO UPDATE SET
        "revisionsScanned" = EXCLUDED."revisionsScanned", "revisionsBlocked" = EXCLUDED."revisionsBlocked",
        "findingsByType" = EXCLUDED."findingsByType", "refreshedAt" = EXCLUDED."refreshedAt"
      RETURNING day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"
    ), now_standing AS (
      SELECT * FROM written
      UNION ALL
      SELECT * FROM existing e WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.day = e.day)
    )
    SELECT day::text AS day, "revisionsScanned", "revisionsBlocked", "findingsByType",
      (SELECT ${window.today}::date - first_open + 1 FROM span)::int AS "daysRefreshed"
    FROM now_standing ORDER BY day`;
  return { rows: rows.map(({ daysRefreshed: _, ...row }) => row), days: rows[0]?.daysRefreshed ?? 0 };
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
