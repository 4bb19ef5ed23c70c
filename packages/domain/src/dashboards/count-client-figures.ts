import { forOrg, ORG_ID, pgDirect, Prisma, rawSql } from "@vetted/db";
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

/**
 * The agency overview's counts of one org in one statement, on the pg pool (pg-direct.ts): the page
 * shows ten clients or more, and as separate Prisma counts they were 5–6 statements a client at about
 * a millisecond of the web's CPU each (bench:pages). Each condition is the SQL of a where the rest of
 * the app uses, and count-client-figures.int.test.ts checks them against those wheres on the same rows:
 * - waiting / overdue: `waitingPostsWhere` / `overduePostsWhere` (posts/count-waiting-posts.ts);
 * - hidden: hidden on the platform and not deleted; slaBreaches: `slaBreachedWhere` (moderation/comment-sla.ts);
 * - incidentsOpen: not CLOSED (an assessed incident still waits for its decision and notices);
 *   consentsExpiring: `expiringSoonWhere` (consents/search-consents.ts).
 */
export async function countClientFigures(orgId: string, parts: ClientFigureParts, now: Date): Promise<ClientFigures> {
  const waitingSince = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const dueBy = new Date(now.getTime() + DUE_SOON_MS);
  const expiringBy = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000);
  const none = Prisma.sql`NULL::int`;
  const [row] = await rawSql(pgDirect(), forOrg(orgId)).query<ClientFigures[]>`
    SELECT
      (SELECT count(*)::int FROM "Post" WHERE "orgId" = ${ORG_ID}::uuid AND state = 'IN_REVIEW') AS waiting,
      (SELECT count(*)::int FROM "Post" WHERE "orgId" = ${ORG_ID}::uuid AND state = 'IN_REVIEW'
        AND ("updatedAt" < ${waitingSince} OR "scheduledAt" < ${dueBy})) AS overdue,
      ${parts.comments ? Prisma.sql`(SELECT count(*)::int FROM "SocialComment" WHERE "orgId" = ${ORG_ID}::uuid AND "hiddenAt" IS NOT NULL AND "deletedAt" IS NULL)` : none} AS hidden,
      ${parts.comments ? Prisma.sql`(SELECT count(*)::int FROM "SocialComment" WHERE "orgId" = ${ORG_ID}::uuid
        AND "responseDueAt" <= ${now} AND "firstRespondedAt" IS NULL AND "deletedAt" IS NULL
        AND (status IN ('HIDDEN_PENDING_REVIEW', 'NEEDS_REPLY') OR (status = 'NEW' AND "needsReview")))` : none} AS "slaBreaches",
      ${parts.incidents ? Prisma.sql`(SELECT count(*)::int FROM "Incident" WHERE "orgId" = ${ORG_ID}::uuid AND status <> 'CLOSED')` : none} AS "incidentsOpen",
      ${parts.consents ? Prisma.sql`(SELECT count(*)::int FROM "Consent" WHERE "orgId" = ${ORG_ID}::uuid AND status = 'ACTIVE'
        AND "expiresAt" > ${now} AND "expiresAt" <= ${expiringBy})` : none} AS "consentsExpiring"`;
  return row!;
}
