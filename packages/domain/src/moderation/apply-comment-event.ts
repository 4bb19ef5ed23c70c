import { randomUUID } from "node:crypto";
import { forOrg, ORG_ID, Prisma, rawSql, type CommentEvent, type RawClient, type SocialComment } from "@vetted/db";
import type { AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { jsonInsert } from "../json-insert";
import type { CommentVerb } from "../platforms/meta-webhook";
import { planCommentEvent, planFromPlatform, type CommentPlan } from "./comment-event-plan";
import { firstResponseDueAt } from "./comment-sla";
import { sealField, sealOptional, sha256Hex } from "./moderation-crypto";
import { insertSocialComment, updateSocialComment } from "./write-social-comment";
import { moderateWithoutHide } from "./moderate-without-hide";
import { ACTION_COLUMNS, pendingAction, SNAPSHOT_COLUMNS } from "./moderation-rows";
import { platformCan } from "./platform-capabilities";
import type { PlatformComment } from "./platform-client";
import type { CommentScan } from "./scan-comment";

export interface OrgModerationSettings {
  autoHideBlocking: boolean;
  commentRetentionDays: number;
  /** The first-response SLA: given, a comment created already awaiting a response gets its deadline in the insert. */
  firstResponseSlaMinutes?: number;
}

/**
 * What is known of the comment when the event is applied: the platform's answer to a re-read (null:
 * it no longer exists), or, when no connector can re-read it, the event's own text and author.
 */
export type Seen =
  | { source: "platform"; readAt: Date; comment: PlatformComment | null }
  | { source: "event"; text: string | null; author: string | null };

export interface ApplyInput {
  orgId: string;
  event: CommentEvent;
  /** The comment as stored, read under the caller's row lock (null: the event's first). */
  stored: SocialComment | null;
  seen: Seen;
  /** Scans a text; called only when the text held changes. */
  scan: (text: string) => CommentScan | null;
  settings: OrgModerationSettings;
  /**
   * Our post behind the event's platform post (PublishHandoff.externalId), when the caller read it
   * with its other inputs; undefined: read here when the comment is created.
   */
  postId?: string | null;
}

export interface Applied {
  commentId: string;
  plan: CommentPlan["kind"];
  reason?: string;
  /** Moderation actions written (the auto-hide): the caller sends them after the commit. */
  actionIds: string[];
  /** Whether one of them is a hide the worker decided on its own (the officers hear of it). */
  automaticHide: boolean;
  /** The comment as it now stands, when known here (not after a platform without hide moderated it). */
  comment?: SocialComment;
  audit: AuditEventInput[];
}

const DAY_MS = 86_400_000;

/**
 * Applies one event to its comment inside the caller's transaction, under the caller's per-comment
 * lock: create or update by the ordering rules (comment-event-plan.ts: the platform's state after a
 * re-read, else the event's), store the scan of a new text, and when the scanner says `block` and
 * the org auto-hides, take a snapshot and write a HIDE into the outbox in the same transaction.
 * Returns the audit events for the caller to append.
 */
export async function applyCommentEvent(tx: RawClient, input: ApplyInput): Promise<Applied> {
  const { orgId, event, seen, stored } = input;
  const held = stored ? { hasText: stored.textCipher !== null, lastEventAt: stored.lastEventAt, visibilityEventAt: stored.visibilityEventAt, deletedAt: stored.deletedAt } : null;
  const t = times(event, seen, stored);
  let plan: CommentPlan;
  let text: string | null;
  let author: string | null;
  if (seen.source === "platform") {
    text = seen.comment?.text || null;
    author = seen.comment?.authorName ?? null;
    const state = seen.comment ? { textSha256: text === null ? null : sha256Hex(text), hidden: seen.comment.hidden } : null;
    plan = planFromPlatform(held && { ...held, textSha256: stored!.textSha256, hidden: stored!.hiddenAt !== null }, state, t.goneAt);
  } else {
    ({ text, author } = seen);
    plan = planCommentEvent(held, { verb: event.verb as CommentVerb, eventAt: event.eventAt, hasText: text !== null });
  }
  const audit = (commentId: string, extra: Record<string, unknown>): AuditEventInput => ({
    ...WORKER_ACTOR, orgId, action: "comment.event", targetType: "SocialComment", targetId: commentId,
    metadata: { eventId: event.id, verb: event.verb, plan: plan.kind, source: seen.source, ...(seen.source === "platform" ? { onPlatform: seen.comment !== null } : {}), ...extra },
  });
  if (plan.kind === "ignore") {
    // An ignored event still names its comment when there is one, so the trail shows it arrived.
    return { commentId: stored!.id, plan: plan.kind, reason: plan.reason, actionIds: [], automaticHide: false, audit: [audit(stored!.id, { reason: plan.reason })] };
  }

  const id = stored?.id ?? randomUUID();
  const newText = plan.adoptText && text !== null ? text : null;
  const textSha256 = newText === null ? null : sha256Hex(newText);
  const textChanged = newText !== null && textSha256 !== stored?.textSha256;
  const scan = textChanged ? input.scan(newText) : null;
  const hidden = plan.hidden;
  const data = {
    ...(newText !== null
      ? {
          textCipher: sealField(newText, "social-comment", orgId, id, "text"),
          authorNameCipher: sealOptional(author, "social-comment", orgId, id, "author") ?? stored?.authorNameCipher ?? null,
          textSha256,
          lastEventAt: t.textAt,
        }
      : {}),
    ...(scan ? { verdict: scan.verdict, findings: scan.findings, needsReview: scan.verdict !== "allow", scannedAt: new Date() } : {}),
    ...(hidden === true || hidden === false ? { hiddenAt: hidden ? t.visibilityAt : null, visibilityEventAt: t.visibilityAt } : {}),
    ...(plan.deletedAt ? { deletedAt: plan.deletedAt } : {}),
  };

  const blocked = scan?.verdict === "block" && newText !== null;
  // A new comment the worker hides at once is created hidden pending review (no second write).
  const hideOnCreate = !stored && blocked && platformCan(event.platform, "hide") && input.settings.autoHideBlocking && !plan.deletedAt && hidden !== true;
  let comment: SocialComment;
  if (!stored) {
    const postId = input.postId !== undefined ? input.postId : await handoffPostId(tx, orgId, event.postExternalId);
    const row = {
      id, accountId: event.accountId, platform: event.platform, externalId: event.objectId,
      postExternalId: event.postExternalId, postId,
      parentExternalId: event.parentId ?? (seen.source === "platform" ? seen.comment?.parentExternalId : null) ?? null,
      lastEventAt: event.eventAt, ...data, ...(hideOnCreate ? { status: "HIDDEN_PENDING_REVIEW" as const } : {}),
    };
    // Not for a blocked comment on a platform without hide: moderateWithoutHide sets its status below.
    const sla = blocked && !platformCan(event.platform, "hide") ? undefined : input.settings.firstResponseSlaMinutes;
    const dueAt = sla === undefined ? null : firstResponseDueAt({
      responseDueAt: null, firstRespondedAt: null, deletedAt: row.deletedAt ?? null, status: row.status ?? "NEW", needsReview: row.needsReview ?? false, lastEventAt: row.lastEventAt,
    }, sla, new Date());
    comment = await insertSocialComment(tx, orgId, { ...row, ...(dueAt ? { responseDueAt: dueAt } : {}) });
  } else {
    comment = await updateSocialComment(tx, orgId, id, data);
  }

  const events = [audit(id, { created: !stored, textChanged, ...(scan ? { verdict: scan.verdict, types: scan.types } : {}) })];
  const actionIds: string[] = [];
  let automaticHide = false;
  let known: SocialComment | undefined = comment;
  if (plan.deletedAt) {
    // Removed on the platform: a hide or unhide still waiting has nothing left to act on.
    await rawSql(tx, forOrg(orgId)).execute`UPDATE "ModerationAction" SET status = 'FAILED', "failedAt" = ${new Date()}, "lastErrorCode" = 'COMMENT_REMOVED'
      WHERE "orgId" = ${ORG_ID}::uuid AND "commentId" = ${id}::uuid AND status = 'PENDING' AND kind IN ('HIDE', 'UNHIDE')`;
  }
  if (blocked && !platformCan(comment.platform, "hide") && !comment.deletedAt) {
    // No hide on this platform (LinkedIn): deleted when the org allows it, else escalated.
    const done = await moderateWithoutHide(tx, { orgId, comment, text: newText, author, textSha256: textSha256!, scan });
    actionIds.push(...done.actionIds);
    events.push(...done.audit);
    known = undefined;
  } else if (hideOnCreate || (stored && blocked && input.settings.autoHideBlocking && !comment.deletedAt && !comment.hiddenAt)) {
    // A comment created just now has no action yet.
    const pending = stored && await pendingAction(tx, orgId, id, "HIDE");
    if (!pending) {
      const hide = await autoHide(tx, { orgId, comment, text: newText!, author, textSha256: textSha256!, retentionDays: input.settings.commentRetentionDays, statusSet: hideOnCreate });
      actionIds.push(hide.actionId);
      automaticHide = true;
      known = { ...comment, status: "HIDDEN_PENDING_REVIEW" };
      events.push({
        ...WORKER_ACTOR, orgId, action: "comment.hide_requested", targetType: "SocialComment", targetId: id,
        metadata: { actionId: hide.actionId, snapshotId: hide.snapshotId, textSha256: textSha256!, automatic: true, verdict: scan.verdict, types: scan.types },
      });
    }
  }
  return { commentId: id, plan: plan.kind, actionIds, automaticHide, ...(known ? { comment: known } : {}), audit: events };
}

/**
 * The platform times to record. From the event alone, its own time. After a re-read: a new comment's
 * text dates from when it was posted (the 7-day reply window counts from there), a later text from
 * the event; a hide or unhide seen on the platform from its event when the event was one, else from
 * the read, and a comment found gone from its remove event, else from the read.
 */
function times(event: CommentEvent, seen: Seen, stored: SocialComment | null) {
  if (seen.source === "event") return { textAt: event.eventAt, visibilityAt: event.eventAt, goneAt: event.eventAt };
  const at = (d: Date) => new Date(Math.min(d.getTime(), seen.readAt.getTime()));
  const created = seen.comment ? seen.comment.createdAt : event.eventAt;
  return {
    textAt: stored ? new Date(Math.max(stored.lastEventAt.getTime(), at(event.eventAt).getTime())) : at(new Date(Math.min(created.getTime(), event.eventAt.getTime()))),
    visibilityAt: event.verb === "hide" || event.verb === "unhide" ? at(event.eventAt) : seen.readAt,
    goneAt: event.verb === "remove" ? at(event.eventAt) : seen.readAt,
  };
}

interface AutoHideInput {
  orgId: string;
  comment: SocialComment;
  text: string;
  author: string | null;
  textSha256: string;
  retentionDays: number;
  /** The comment was created HIDDEN_PENDING_REVIEW: no status to write. */
  statusSet: boolean;
}

/**
 * Snapshot (the evidence of what was hidden), the HIDE in the outbox and the status, in one statement:
 * this runs for every blocked comment while the platform's storm goes on, and each round trip here
 * is one more that the org's other events wait for.
 */
async function autoHide(tx: RawClient, input: AutoHideInput): Promise<{ actionId: string; snapshotId: string }> {
  const { orgId, comment } = input;
  const actionId = randomUUID();
  const snapshotId = randomUUID();
  const takenAt = new Date();
  const snapshot = jsonInsert("CommentSnapshot", SNAPSHOT_COLUMNS, [{
    id: snapshotId, commentId: comment.id, actionId, takenAt,
    textCipher: sealField(input.text, "comment-snapshot", orgId, snapshotId, "text"),
    authorNameCipher: sealOptional(input.author, "comment-snapshot", orgId, snapshotId, "author"),
    textSha256: input.textSha256,
    retainUntil: new Date(takenAt.getTime() + input.retentionDays * DAY_MS),
  }], { orgId: ORG_ID });
  const action = jsonInsert("ModerationAction", ACTION_COLUMNS, [{ id: actionId, commentId: comment.id, accountId: comment.accountId, kind: "HIDE" }], { orgId: ORG_ID });
  const status = input.statusSet
    ? Prisma.empty
    : Prisma.sql`, status AS (UPDATE "SocialComment" SET status = 'HIDDEN_PENDING_REVIEW', "updatedAt" = ${takenAt} WHERE id = ${comment.id}::uuid AND "orgId" = ${ORG_ID}::uuid)`;
  await rawSql(tx, forOrg(orgId)).execute(Prisma.sql`WITH snapshot AS (${snapshot})${status} ${action}`);
  return { actionId, snapshotId };
}

/** Our post that a platform post is (PublishHandoff.externalId), if any. */
async function handoffPostId(tx: RawClient, orgId: string, postExternalId: string | null): Promise<string | null> {
  if (!postExternalId) return null;
  const [post] = await rawSql(tx, forOrg(orgId)).query<{ postId: string }[]>`
    SELECT "postId"::text AS "postId" FROM "PublishHandoff" WHERE "orgId" = ${ORG_ID}::uuid AND "externalId" = ${postExternalId} LIMIT 1`;
  return post?.postId ?? null;
}
