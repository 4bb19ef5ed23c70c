import { db, forOrgs, ORG_IDS, pgDirect, rawSql } from "@vetted/db";
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
  return (await refreshRollups([scope], now)).get(scope.org.id)!.days;
}

/**
 * The overview's read: each org's window of rows after the refresh above, all orgs in the refresh's own
 * one statement (on the pg pool: the page's cost is the web's CPU per statement). Oldest first.
 */
export async function currentDailyStats(scopes: OrgScope[], now: Date = new Date()): Promise<Map<string, RollupDay[]>> {
  const refreshed = await refreshRollups(scopes, now);
  return new Map([...refreshed].map(([orgId, r]) => [orgId, r.rows]));
}

type RollupRow = RollupDay & { orgId: string; daysRefreshed: number };

/**
 * One statement for all the listed orgs (forOrgs: every part joins on one listed org): per org, the
 * window's rows as stored, the first day not final (today never is), the days from there recomputed and
 * upserted (in org and day order, so concurrent refreshes lock rows in the same order), and the window's
 * rows as they now stand.
 */
async function refreshRollups(scopes: OrgScope[], now: Date): Promise<Map<string, { rows: RollupDay[]; days: number }>> {
  const out = new Map(scopes.map((s) => [s.org.id, { rows: [] as RollupDay[], days: 0 }]));
  if (scopes.length === 0) return out;
  const window = statsWindow(now);
  const end = dayStart(addDays(window.today, 1));
  const finalAfter = `${DAY_MS + FINAL_AFTER_MS} milliseconds`;
  // A scan "had" a blocking finding when one of its findings was written blocking (by the org's policy at
  // the time); dismissed findings still count: what the scanner found is the figure.
  // A row whose figures did not change is not written again unless writing it now makes its day final:
  // every overview view refreshes today, and rewriting the same rows made concurrent viewers of one
  // org queue on their row locks (bench:pages).
  const rows = await rawSql(pgDirect(), forOrgs(scopes.map((s) => s.org.id))).query<RollupRow[]>`
    WITH existing AS MATERIALIZED (
      SELECT "orgId" AS org_id, day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"
      FROM "OrgDailyStats" WHERE "orgId" = ANY(${ORG_IDS}::uuid[]) AND day >= ${window.first}::date
    ), span AS (
      SELECT o.org_id, COALESCE((
        SELECT min(d.day) FROM generate_series(${window.first}::date, ${window.today}::date, interval '1 day') AS d(day)
        WHERE NOT EXISTS (
          SELECT 1 FROM existing e
          WHERE e.org_id = o.org_id AND e.day = d.day::date AND e."refreshedAt" >= (e.day::timestamp AT TIME ZONE 'UTC') + ${finalAfter}::interval
        )
      ), ${window.today}::date)::date AS first_open
      FROM (SELECT DISTINCT unnest(${ORG_IDS}::uuid[]) AS org_id) o
    ), bounds AS (
      SELECT org_id, first_open, (first_open::timestamp AT TIME ZONE 'UTC') AS start_at FROM span
    ), scans AS (
      SELECT b.org_id, (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, count(*)::int AS scanned,
        (count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM "Finding" f WHERE f."orgId" = b.org_id AND f."revisionId" = j."revisionId" AND f.blocking
        )))::int AS blocked
      FROM bounds b JOIN "ScanJob" j ON j."orgId" = b.org_id AND j.status = 'SUCCEEDED' AND j."finishedAt" >= b.start_at AND j."finishedAt" < ${end}
      GROUP BY 1, 2
    ), types AS (
      SELECT g.org_id, g.day, jsonb_object_agg(g.type, g.n) AS by_type FROM (
        SELECT b.org_id, (j."finishedAt" AT TIME ZONE 'UTC')::date AS day, f.type, count(*)::int AS n
        FROM bounds b
        JOIN "ScanJob" j ON j."orgId" = b.org_id AND j.status = 'SUCCEEDED' AND j."finishedAt" >= b.start_at AND j."finishedAt" < ${end}
        JOIN "Finding" f ON f."orgId" = b.org_id AND f."revisionId" = j."revisionId"
        GROUP BY 1, 2, 3
      ) g GROUP BY 1, 2
    ), fresh AS (
      SELECT b.org_id, d.day::date AS day, COALESCE(s.scanned, 0) AS scanned, COALESCE(s.blocked, 0) AS blocked, COALESCE(t.by_type, '{}'::jsonb) AS by_type
      FROM bounds b
      CROSS JOIN LATERAL generate_series(b.first_open, ${window.today}::date, interval '1 day') AS d(day)
      LEFT JOIN scans s ON s.org_id = b.org_id AND s.day = d.day::date
      LEFT JOIN types t ON t.org_id = b.org_id AND t.day = d.day::date
    ), written AS (
      INSERT INTO "OrgDailyStats" ("orgId", "day", "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt")
      SELECT f.org_id, f.day, f.scanned, f.blocked, f.by_type, ${now}
      FROM fresh f
      WHERE NOT EXISTS (
        SELECT 1 FROM existing o
        WHERE o.org_id = f.org_id AND o.day = f.day AND o."revisionsScanned" = f.scanned AND o."revisionsBlocked" = f.blocked AND o."findingsByType" = f.by_type
          AND ${now}::timestamptz < (f.day::timestamp AT TIME ZONE 'UTC') + ${finalAfter}::interval
      )
      ORDER BY f.org_id, f.day
      ON CONFLICT ("orgId", "day") DO UPDATE SET
        "revisionsScanned" = EXCLUDED."revisionsScanned", "revisionsBlocked" = EXCLUDED."revisionsBlocked",
        "findingsByType" = EXCLUDED."findingsByType", "refreshedAt" = EXCLUDED."refreshedAt"
      RETURNING "orgId" AS org_id, day, "revisionsScanned", "revisionsBlocked", "findingsByType", "refreshedAt"
    ), now_standing AS (
      SELECT * FROM written
      UNION ALL
      SELECT * FROM existing e WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.org_id = e.org_id AND w.day = e.day)
    )
    SELECT n.org_id::text AS "orgId", n.day::text AS day, n."revisionsScanned", n."revisionsBlocked", n."findingsByType",
      (${window.today}::date - s.first_open + 1)::int AS "daysRefreshed"
    FROM now_standing n JOIN span s ON s.org_id = n.org_id
    ORDER BY n.org_id, n.day`;
  for (const { orgId, daysRefreshed, ...row } of rows) {
    const org = out.get(orgId)!;
    org.rows.push(row);
    org.days = daysRefreshed;
  }
  return out;
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
