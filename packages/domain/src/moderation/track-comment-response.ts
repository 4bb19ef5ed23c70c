import { forOrg, ORG_ID, rawSql, type RawClient, type SocialComment } from "@vetted/db";
import type { RequestOrigin } from "../request-origin";
import { firstResponseDueAt } from "./comment-sla";
import { notifyCommentOfficers } from "./notify-comment-officers";

export interface AppliedEvent {
  commentId: string;
  /** "ignore": the event changed nothing, so there is nothing to track. */
  plan: string;
  /** Moderation actions the event wrote (the automatic hide, when there was one). */
  actionIds: string[];
  /** Whether the worker hid the comment on its own: the officers are told. */
  automaticHide: boolean;
  /** The comment as it now stands, when the caller knows it (saves reading it again). */
  comment?: Pick<SocialComment, "id" | "status" | "needsReview" | "deletedAt" | "responseDueAt" | "firstRespondedAt" | "lastEventAt" | "assignedToId">;
}

/**
 * After an event was applied to its comment, in the same transaction: a comment that now awaits a
 * response (hidden pending review, or the scanner wants it reviewed) gets its first-response deadline
 * — once, counted from the platform time of the text that needs it — and an automatic hide tells the
 * org's compliance officers (their mails name `origin`, the request that delivered the event). Returns
 * the outbox mail ids to deliver after the commit.
 */
export async function trackCommentResponse(tx: RawClient, orgId: string, applied: AppliedEvent, slaMinutes: number, origin?: RequestOrigin, now: Date = new Date()): Promise<string[]> {
  if (applied.plan === "ignore" && applied.actionIds.length === 0) return [];
  const sql = rawSql(tx, forOrg(orgId));
  const c = applied.comment ?? (await sql.query<NonNullable<AppliedEvent["comment"]>[]>`
    SELECT id::text, status, "needsReview", "deletedAt", "responseDueAt", "firstRespondedAt", "lastEventAt", "assignedToId"::text AS "assignedToId"
    FROM "SocialComment" WHERE id = ${applied.commentId}::uuid AND "orgId" = ${ORG_ID}::uuid`)[0];
  if (!c) return [];
  // A comment created by this event already has its deadline (applyCommentEvent sets it in the insert).
  const dueAt = firstResponseDueAt(c, slaMinutes, now);
  if (dueAt) {
    await sql.execute`UPDATE "SocialComment" SET "responseDueAt" = ${dueAt}, "updatedAt" = ${now}
      WHERE id = ${c.id}::uuid AND "orgId" = ${ORG_ID}::uuid AND "responseDueAt" IS NULL AND "firstRespondedAt" IS NULL`;
  }
  return applied.automaticHide ? notifyCommentOfficers(tx, orgId, "comment_hidden", [c], origin) : [];
}
