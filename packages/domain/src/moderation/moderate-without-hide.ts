import { randomUUID } from "node:crypto";
import type { SocialComment, Tx } from "@vetted/db";
import type { AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { sealField, sealOptional } from "./moderation-crypto";
import { platformCan } from "./platform-capabilities";
import type { CommentScan } from "./scan-comment";

export interface WithoutHideInput {
  orgId: string;
  comment: SocialComment;
  /** The new text the scanner blocked, and its author (PHI: sealed into the snapshot only). */
  text: string;
  author: string | null;
  textSha256: string;
  scan: CommentScan;
}

export interface WithoutHideResult {
  /** The DELETE written to the outbox, when the org lets the worker delete; sent after the commit. */
  actionIds: string[];
  audit: AuditEventInput[];
}

const DAY_MS = 86_400_000;

/**
 * A `block` comment on a platform that cannot hide (LinkedIn), inside the caller's transaction and
 * under its per-comment lock. When the org allows automatic deletion (Organization.autoDeleteBlocking)
 * and the platform can delete: a snapshot first, then a DELETE in the outbox, the comment RESOLVED.
 * Otherwise the comment is ESCALATED for a person to delete it or deal with it. Audit: ids, verdict
 * and finding types only.
 */
export async function moderateWithoutHide(tx: Tx, input: WithoutHideInput): Promise<WithoutHideResult> {
  const { orgId, comment, scan } = input;
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { autoDeleteBlocking: true, commentRetentionDays: true } });
  const audit = (action: string, metadata: Record<string, unknown>): AuditEventInput => ({
    ...WORKER_ACTOR, orgId, action, targetType: "SocialComment", targetId: comment.id,
    metadata: { automatic: true, reason: "NO_HIDE", platform: comment.platform, verdict: scan.verdict, types: scan.types, ...metadata },
  });
  const pending = await tx.moderationAction.findFirst({ where: { orgId, commentId: comment.id, kind: "DELETE", status: "PENDING" }, select: { id: true } });
  if (pending) return { actionIds: [], audit: [] };

  if (!org.autoDeleteBlocking || !platformCan(comment.platform, "delete")) {
    await tx.socialComment.update({ where: { id: comment.id, orgId }, data: { status: "ESCALATED", needsReview: true }, select: { id: true } });
    return { actionIds: [], audit: [audit("comment.escalated", { from: comment.status, to: "ESCALATED" })] };
  }

  const actionId = randomUUID();
  const snapshotId = randomUUID();
  const takenAt = new Date();
  // Evidence before the act: what the comment said when it was deleted.
  await tx.commentSnapshot.create({
    data: {
      id: snapshotId, orgId, commentId: comment.id, actionId, takenAt, textSha256: input.textSha256,
      textCipher: sealField(input.text, "comment-snapshot", orgId, snapshotId, "text"),
      authorNameCipher: sealOptional(input.author, "comment-snapshot", orgId, snapshotId, "author"),
      retainUntil: new Date(takenAt.getTime() + org.commentRetentionDays * DAY_MS),
    },
    select: { id: true },
  });
  await tx.moderationAction.create({ data: { id: actionId, orgId, commentId: comment.id, accountId: comment.accountId, kind: "DELETE" }, select: { id: true } });
  await tx.socialComment.update({ where: { id: comment.id, orgId }, data: { status: "RESOLVED" }, select: { id: true } });
  return { actionIds: [actionId], audit: [audit("comment.delete_requested", { from: comment.status, to: "RESOLVED", actionId, snapshotId, textSha256: input.textSha256 })] };
}
