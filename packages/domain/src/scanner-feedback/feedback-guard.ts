import type { ScannerFeedback, Tx } from "@vetted/db";
import { advisoryXactLock } from "@vetted/db";
import { can } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { recordAuditEvents } from "../audit/record-audit-event";

// Shared by the feedback use cases and the dismissal/override hooks: who may label a revision, one
// writer per revision at a time, and the audit record of a label (ids, kind and type only: never the
// span's text, which may be a patient's name).

export const NOT_YOUR_OWN = "You cannot label the scanner's findings on a post you wrote";

export function isAuthor(ctx: TenantContext, post: { authorId: string }, revision: { createdById: string }) {
  return post.authorId === ctx.user.id || revision.createdById === ctx.user.id;
}

/** The revision and its post, in the caller's org, for someone who did not write them. */
export async function loadLabellableRevision(tx: Tx, ctx: TenantContext, revisionId: string) {
  const revision = await tx.postRevision.findFirst({
    where: { id: revisionId, orgId: ctx.org.id },
    select: { id: true, postId: true, number: true, text: true, channelTexts: true, createdById: true },
  });
  const post = revision ? await tx.post.findFirst({ where: { id: revision.postId, orgId: ctx.org.id }, select: { id: true, authorId: true } }) : null;
  if (!revision || !post) throw new AppError("NOT_FOUND", "Revision not found", { revisionId: ["No such revision in this organization"] });
  if (isAuthor(ctx, post, revision)) throw new AppError("FORBIDDEN", NOT_YOUR_OWN);
  return { revision, post };
}

/** Serializes label writes on one revision, so the duplicate checks hold (the unique indexes back them). */
export async function lockRevisionLabels(tx: Tx, revisionId: string) {
  await advisoryXactLock(tx, `scanner-feedback:${revisionId}`);
}

/** Whether this member's dismissals and overrides also count as scanner feedback. */
export const givesFeedback = (ctx: TenantContext) => can(ctx, "scanner.feedback");

export type FeedbackVia = "feedback" | "dismissal" | "override";

export async function auditLabels(tx: Tx, ctx: TenantContext, rows: ScannerFeedback[], via: FeedbackVia) {
  await recordAuditEvents(tx, rows.map((r) => ({
    orgId: ctx.org.id, actorId: ctx.user.id, action: "scanner_feedback.recorded", targetType: "ScannerFeedback", targetId: r.id,
    metadata: { postId: r.postId, revisionId: r.revisionId, findingId: r.findingId, kind: r.kind, type: r.type, source: r.source, via },
    request: ctx.request,
  })));
}
