import { sql } from "./helpers";

// What the agency overview must show for one client org, computed from the e2e database with SQL of
// its own (not the app's code), for agency-dashboard.spec.ts. The rules restated here are the
// documented ones: overdue = in review over 48 h or scheduled within 24 h; blocked = a scan that
// succeeded with at least one blocking finding; 12 weeks = 84 UTC days ending today.

const DAY = 86_400_000;
export const WEEKS = 12;

export interface Expected {
  waiting: number;
  overdue: number;
  scanned: number;
  blocked: number;
  trend: { start: string; scanned: number; blocked: number }[];
  findings: Record<string, number>;
  hidden: number;
  breaches: number;
  incidents: number;
  consents: number;
  coverage: { version: number | null; people: number; acknowledged: number };
}

const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function window(now = Date.now()) {
  const today = utcDay(now);
  const first = utcDay(Date.parse(`${today}T00:00:00Z`) - (WEEKS * 7 - 1) * DAY);
  const weeks = Array.from({ length: WEEKS }, (_, i) => utcDay(Date.parse(`${first}T00:00:00Z`) + i * 7 * DAY));
  return { today, first, weeks };
}

export const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : "—");

export async function expectedFor(orgId: string): Promise<Expected> {
  const { first, weeks } = window();
  const since = `${first}T00:00:00Z`;
  const [[posts], days, types, [comments], [incidents], [consents], [coverage]] = await Promise.all([
    sql<{ waiting: number; overdue: number }>(
      `SELECT count(*)::int AS waiting,
              count(*) FILTER (WHERE "updatedAt" < now() - interval '48 hours' OR "scheduledAt" < now() + interval '24 hours')::int AS overdue
       FROM "Post" WHERE "orgId" = $1 AND state = 'IN_REVIEW'`, [orgId]),
    sql<{ day: string; scanned: number; blocked: number }>(
      `SELECT to_char((j."finishedAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS scanned,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Finding" f WHERE f."revisionId" = j."revisionId" AND f.blocking))::int AS blocked
       FROM "ScanJob" j WHERE j."orgId" = $1 AND j.status = 'SUCCEEDED' AND j."finishedAt" >= $2 GROUP BY 1`, [orgId, since]),
    sql<{ type: string; n: number }>(
      `SELECT f.type, count(*)::int AS n FROM "Finding" f JOIN "ScanJob" j ON j."revisionId" = f."revisionId"
       WHERE j."orgId" = $1 AND j.status = 'SUCCEEDED' AND j."finishedAt" >= $2 GROUP BY f.type`, [orgId, since]),
    sql<{ hidden: number; breaches: number }>(
      `SELECT count(*) FILTER (WHERE "hiddenAt" IS NOT NULL AND "deletedAt" IS NULL)::int AS hidden,
              count(*) FILTER (WHERE "responseDueAt" <= now() AND "firstRespondedAt" IS NULL AND "deletedAt" IS NULL
                AND (status IN ('HIDDEN_PENDING_REVIEW', 'NEEDS_REPLY') OR (status = 'NEW' AND "needsReview")))::int AS breaches
       FROM "SocialComment" WHERE "orgId" = $1`, [orgId]),
    sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Incident" WHERE "orgId" = $1 AND status <> 'CLOSED'`, [orgId]),
    sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Consent" WHERE "orgId" = $1 AND status = 'ACTIVE' AND "expiresAt" > now() AND "expiresAt" <= now() + interval '30 days'`, [orgId]),
    sql<{ version: number | null; people: number; acknowledged: number }>(
      `WITH v AS (SELECT id, number FROM "PolicyManualVersion" WHERE "orgId" = $1 AND status = 'APPROVED' AND material AND "effectiveAt" <= now()
                  ORDER BY "effectiveAt" DESC, number DESC LIMIT 1),
            m AS (SELECT * FROM "PolicyManual" WHERE "orgId" = $1),
            people AS (SELECT p.id FROM "WorkforcePerson" p LEFT JOIN m ON true WHERE p."orgId" = $1 AND p.active
                       AND (m.id IS NULL OR (cardinality(m."ackDepartments") = 0 AND cardinality(m."ackJobRoles") = 0)
                            OR p.department = ANY(m."ackDepartments") OR p."jobRole" = ANY(m."ackJobRoles"))),
            latest AS (SELECT DISTINCT ON (a."personId") a."personId", a."signedAt" FROM "PolicyAcknowledgement" a JOIN v ON a."versionId" = v.id
                       WHERE a."orgId" = $1 ORDER BY a."personId", a.cycle DESC)
       SELECT (SELECT number FROM v) AS version, (SELECT count(*)::int FROM people) AS people,
              (SELECT count(*)::int FROM people JOIN latest l ON l."personId" = people.id WHERE l."signedAt" IS NOT NULL) AS acknowledged`, [orgId]),
  ]);
  const byDay = new Map(days.map((d) => [d.day, d]));
  const trend = weeks.map((start) => {
    const week = Array.from({ length: 7 }, (_, i) => byDay.get(utcDay(Date.parse(`${start}T00:00:00Z`) + i * DAY)));
    return { start, scanned: week.reduce((n, d) => n + (d?.scanned ?? 0), 0), blocked: week.reduce((n, d) => n + (d?.blocked ?? 0), 0) };
  });
  return {
    waiting: posts!.waiting, overdue: posts!.overdue,
    scanned: trend.reduce((n, w) => n + w.scanned, 0), blocked: trend.reduce((n, w) => n + w.blocked, 0), trend,
    findings: Object.fromEntries(types.map((t) => [t.type, t.n])),
    hidden: comments!.hidden, breaches: comments!.breaches, incidents: incidents!.n, consents: consents!.n,
    coverage: coverage!,
  };
}

/** A revision of the demo hospital scanned today with a blocking and a non-blocking finding, so the charts draw something. */
export async function addScannedRevision(orgSlug: string, authorEmail: string) {
  const [post] = await sql<{ id: string; orgId: string; authorId: string }>(
    `INSERT INTO "Post" (id, "orgId", "authorId", title, state, channels, "updatedAt")
     SELECT gen_random_uuid(), o.id, u.id, 'Overview e2e: a rejected draft', 'REJECTED', '{FACEBOOK}', now()
     FROM "Organization" o, "User" u WHERE o.slug = $1 AND u.email = $2 RETURNING id, "orgId", "authorId"`,
    [orgSlug, authorEmail],
  );
  const [revision] = await sql<{ id: string }>(
    `INSERT INTO "PostRevision" (id, "orgId", "postId", number, text, "mediaIds", "createdById") VALUES (gen_random_uuid(), $1, $2, 1, 'A harmless text', '{}', $3) RETURNING id`,
    [post!.orgId, post!.id, post!.authorId],
  );
  await sql(
    `INSERT INTO "ScanJob" (id, "orgId", "postId", "revisionId", status, verdict, reasons, "finishedAt") VALUES (gen_random_uuid(), $1, $2, $3, 'SUCCEEDED', 'block', '{}', now())`,
    [post!.orgId, post!.id, revision!.id],
  );
  await sql(
    `INSERT INTO "Finding" (id, "orgId", "postId", "revisionId", source, type, box, score, recognizer, explanation, blocking)
     SELECT gen_random_uuid(), $1, $2, $3, 'TEXT', t.type, '{}', 0.9, 'e2e', 'e2e fixture', t.blocking FROM (VALUES ('NAME', true), ('HEALTH', false)) AS t(type, blocking)`,
    [post!.orgId, post!.id, revision!.id],
  );
}
