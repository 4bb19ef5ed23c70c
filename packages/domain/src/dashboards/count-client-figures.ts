import { forOrgs, ORG_IDS, pgDirect, rawSql } from "@vetted/db";
import { EXPIRING_WITHIN_DAYS } from "../consents/search-consents";
import { DUE_SOON_MS, OVERDUE_AFTER_MS } from "../posts/count-waiting-posts";

export interface ClientFigureParts {
  comments: boolean;
  incidents: boolean;
  consents: boolean;
}

export interface ClientFigures {
  waiting: number;
  overdue: number;
  /** null: a part the caller did not ask for (the viewer's role does not cover it). */
  hidden: number | null;
  slaBreaches: number | null;
  incidentsOpen: number | null;
  consentsExpiring: number | null;
}

/** One org to count and the parts of it the viewer's role there covers. */
export interface ClientFigureRequest {
  orgId: string;
  parts: ClientFigureParts;
}

const orgsWith = (orgs: ClientFigureRequest[], part: keyof ClientFigureParts) => orgs.filter((o) => o.parts[part]).map((o) => o.orgId);

/**
 * The agency overview's counts of each of the viewer's orgs in one statement for all of them, on the pg
 * pool (pg-direct.ts): as separate Prisma counts they were 5–6 statements a client, then one statement a
 * client, each round trip a write and a read of the web process (bench:pages). The statement's scope is
 * forOrgs (raw-sql.ts): one row per listed org, every subquery filtered on that row's org. A part is
 * counted only for the orgs whose entry asks for it (null elsewhere). Each condition is the SQL of a
 * where the rest of the app uses, and count-client-figures.int.test.ts checks them against those wheres
 * on the same rows:
 * - waiting / overdue: `waitingPostsWhere` / `overduePostsWhere` (posts/count-waiting-posts.ts);
 * - hidden: hidden on the platform and not deleted; slaBreaches: `slaBreachedWhere` (moderation/comment-sla.ts);
 * - incidentsOpen: not CLOSED (an assessed incident still waits for its decision and notices);
 *   consentsExpiring: `expiringSoonWhere` (consents/search-consents.ts).
 */
export async function countClientFigures(orgs: ClientFigureRequest[], now: Date): Promise<Map<string, ClientFigures>> {
  if (orgs.length === 0) return new Map();
  const waitingSince = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const dueBy = new Date(now.getTime() + DUE_SOON_MS);
  const expiringBy = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000);
  const [comments, incidents, consents] = [orgsWith(orgs, "comments"), orgsWith(orgs, "incidents"), orgsWith(orgs, "consents")];
  const rows = await rawSql(pgDirect(), forOrgs(orgs.map((o) => o.orgId))).query<(ClientFigures & { orgId: string })[]>`
    SELECT o.id::text AS "orgId",
      (SELECT count(*)::int FROM "Post" WHERE "orgId" = o.id AND state = 'IN_REVIEW') AS waiting,
      (SELECT count(*)::int FROM "Post" WHERE "orgId" = o.id AND state = 'IN_REVIEW'
        AND ("updatedAt" < ${waitingSince} OR "scheduledAt" < ${dueBy})) AS overdue,
      CASE WHEN o.id = ANY(${comments}::uuid[]) THEN
        (SELECT count(*)::int FROM "SocialComment" WHERE "orgId" = o.id AND "hiddenAt" IS NOT NULL AND "deletedAt" IS NULL) END AS hidden,
      CASE WHEN o.id = ANY(${comments}::uuid[]) THEN (SELECT count(*)::int FROM "SocialComment" WHERE "orgId" = o.id
        AND "responseDueAt" <= ${now} AND "firstRespondedAt" IS NULL AND "deletedAt" IS NULL
        AND (status IN ('HIDDEN_PENDING_REVIEW', 'NEEDS_REPLY') OR (status = 'NEW' AND "needsReview"))) END AS "slaBreaches",
      CASE WHEN o.id = ANY(${incidents}::uuid[]) THEN
        (SELECT count(*)::int FROM "Incident" WHERE "orgId" = o.id AND status <> 'CLOSED') END AS "incidentsOpen",
      CASE WHEN o.id = ANY(${consents}::uuid[]) THEN (SELECT count(*)::int FROM "Consent" WHERE "orgId" = o.id AND status = 'ACTIVE'
        AND "expiresAt" > ${now} AND "expiresAt" <= ${expiringBy}) END AS "consentsExpiring"
    FROM unnest(${ORG_IDS}::uuid[]) AS o(id)`;
  return new Map(rows.map(({ orgId, ...figures }) => [orgId, figures]));
}
