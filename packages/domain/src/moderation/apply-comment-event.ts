import { randomUUID } from "node:crypto";
import type { CommentEvent, SocialComment, Tx } from "@vetted/db";
import type { AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import type { CommentVerb } from "../platforms/meta-webhook";
import { planCommentEvent, type CommentPlan } from "./comment-event-plan";
import { sealField, sealOptional, sha256Hex } from "./moderation-crypto";
import type { CommentScan } from "./scan-comment";

export interface OrgModerationSettings {
  autoHideBlocking: boolean;
  commentRetentionDays: number;
}

export interface ApplyInput {
  orgId: string;
  event: CommentEvent;
  /** The event's text and author, decrypted; null when the event carries none. */
  text: string | null;
  author: string | null;
  /** The scan of `text` (made before the transaction: scanning holds no lock). */
  scan: CommentScan | null;
  settings: OrgModerationSettings;
}

export interface Applied {
  commentId: string;
  plan: CommentPlan["kind"];
  reason?: string;
  /** Moderation actions written (the auto-hide): the caller sends them after the commit. */
  actionIds: string[];
  audit: AuditEventInput[];
}

const DAY_MS = 86_400_000;

/**
 * Applies one event to its comment inside the caller's transaction, under the caller's per-comment
 * lock: create or update by the ordering rules (comment-event-plan.ts), store the scan of a new text,
 * and when the scanner says `block` and the org auto-hides, take a snapshot and write a HIDE into the
 * outbox in the same transaction. Returns the audit events for the caller to append.
 */
export async function applyCommentEvent(tx: Tx, input: ApplyInput): Promise<Applied> {
  const { orgId, event, text } = input;
  const stored = await tx.socialComment.findFirst({ where: { orgId, accountId: event.accountId, externalId: event.objectId } });
  const plan = planCommentEvent(
    stored ? { hasText: stored.textCipher !== null, lastEventAt: stored.lastEventAt, visibilityEventAt: stored.visibilityEventAt, deletedAt: stored.deletedAt } : null,
    { verb: event.verb as CommentVerb, eventAt: event.eventAt, hasText: text !== null },
  );
  const audit = (commentId: string, extra: Record<string, unknown>): AuditEventInput => ({
    ...WORKER_ACTOR, orgId, action: "comment.event", targetType: "SocialComment", targetId: commentId,
    metadata: { eventId: event.id, verb: event.verb, plan: plan.kind, ...extra },
  });
  if (plan.kind === "ignore") {
    // An ignored event still names its comment when there is one, so the trail shows it arrived.
    return { commentId: stored!.id, plan: plan.kind, reason: plan.reason, actionIds: [], audit: [audit(stored!.id, { reason: plan.reason })] };
  }

  const id = stored?.id ?? randomUUID();
  const newText = plan.adoptText && text !== null ? text : null;
  const textSha256 = newText === null ? null : sha256Hex(newText);
  const textChanged = newText !== null && textSha256 !== stored?.textSha256;
  const scan = textChanged ? input.scan : null;
  const hidden = plan.hidden;
  const data = {
    ...(newText !== null
      ? {
          textCipher: sealField(newText, "social-comment", orgId, id, "text"),
          authorNameCipher: sealOptional(input.author, "social-comment", orgId, id, "author") ?? stored?.authorNameCipher ?? null,
          textSha256,
          lastEventAt: event.eventAt,
        }
      : {}),
    ...(scan ? { verdict: scan.verdict, findings: scan.findings, needsReview: scan.verdict !== "allow", scannedAt: new Date() } : {}),
    ...(hidden === true || hidden === false ? { hiddenAt: hidden ? event.eventAt : null, visibilityEventAt: event.eventAt } : {}),
    ...(plan.deletedAt ? { deletedAt: plan.deletedAt } : {}),
  };

  let comment: SocialComment;
  if (!stored) {
    const post = event.postExternalId
      ? await tx.publishHandoff.findFirst({ where: { orgId, externalId: event.postExternalId }, select: { postId: true } })
      : null;
    comment = await tx.socialComment.create({
      data: {
        id, orgId, accountId: event.accountId, platform: event.platform, externalId: event.objectId,
        postExternalId: event.postExternalId, postId: post?.postId ?? null, parentExternalId: event.parentId,
        lastEventAt: event.eventAt, ...data,
      },
    });
  } else {
    comment = await tx.socialComment.update({ where: { id, orgId }, data });
  }

  const events = [audit(id, { created: !stored, textChanged, ...(scan ? { verdict: scan.verdict, types: scan.types } : {}) })];
  const actionIds: string[] = [];
  if (plan.deletedAt) {
    // Removed on the platform: a hide or unhide still waiting has nothing left to act on.
    await tx.moderationAction.updateMany({
      where: { orgId, commentId: id, status: "PENDING", kind: { in: ["HIDE", "UNHIDE"] } },
      data: { status: "FAILED", failedAt: new Date(), lastErrorCode: "COMMENT_REMOVED" },
    });
  }
  if (scan?.verdict === "block" && input.settings.autoHideBlocking && !comment.deletedAt && !comment.hiddenAt && newText !== null) {
    const pending = await tx.moderationAction.findFirst({ where: { orgId, commentId: id, kind: "HIDE", status: "PENDING" }, select: { id: true } });
    if (!pending) {
      const hide = await autoHide(tx, { orgId, comment, text: newText, author: input.author, textSha256: textSha256!, retentionDays: input.settings.commentRetentionDays });
      actionIds.push(hide.actionId);
      events.push({
        ...WORKER_ACTOR, orgId, action: "comment.hide_requested", targetType: "SocialComment", targetId: id,
        metadata: { actionId: hide.actionId, snapshotId: hide.snapshotId, textSha256: textSha256!, automatic: true, verdict: scan.verdict, types: scan.types },
      });
    }
  }
  return { commentId: id, plan: plan.kind, actionIds, audit: events };
}

interface AutoHideInput {
  orgId: string;
  comment: SocialComment;
  text: string;
  author: string | null;
  textSha256: string;
  retentionDays: number;
}

/** Snapshot first (the evidence of what was hidden), then the HIDE in the outbox, then the status. */
async function autoHide(tx: Tx, input: AutoHideInput): Promise<{ actionId: string; snapshotId: string }> {
  const { orgId, comment } = input;
  const actionId = randomUUID();
  const snapshotId = randomUUID();
  const takenAt = new Date();
  await tx.commentSnapshot.create({
    data: {
      id: snapshotId, orgId, commentId: comment.id, actionId, takenAt,
      textCipher: sealField(input.text, "comment-snapshot", orgId, snapshotId, "text"),
      authorNameCipher: sealOptional(input.author, "comment-snapshot", orgId, snapshotId, "author"),
      textSha256: input.textSha256,
      retainUntil: new Date(takenAt.getTime() + input.retentionDays * DAY_MS),
    },
    select: { id: true },
  });
  await tx.moderationAction.create({ data: { id: actionId, orgId, commentId: comment.id, accountId: comment.accountId, kind: "HIDE" }, select: { id: true } });
  await tx.socialComment.update({ where: { id: comment.id, orgId }, data: { status: "HIDDEN_PENDING_REVIEW" }, select: { id: true } });
  return { actionId, snapshotId };
}
