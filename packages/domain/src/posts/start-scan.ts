import type { Post, Tx } from "@vetted/db";
import type { TenantContext } from "../context";
import { webRequestId } from "../request-origin";
import { recordAuditEvent } from "../audit/record-audit-event";

/**
 * Queues a scan of a revision in the caller's transaction (the outbox row the dispatcher sends to
 * the worker). Earlier scans of the post are superseded and its live approvals voided, because
 * they judged another revision; so are its open client approver links.
 */
export async function startScan(tx: Tx, ctx: TenantContext, post: Post, revisionId: string, why: "submit" | "retry" | "edit"): Promise<string> {
  await tx.scanJob.updateMany({
    where: { orgId: ctx.org.id, postId: post.id, status: { in: ["PENDING", "ENQUEUED", "RUNNING"] } },
    data: { status: "SUPERSEDED", finishedAt: new Date() },
  });
  const voided = await tx.approval.updateMany({
    where: { orgId: ctx.org.id, postId: post.id, voidedAt: null },
    data: { voidedAt: new Date(), voidReason: why === "edit" ? "post edited" : "resubmitted" },
  });
  // The client approvers' open links (issue 16) judged the old revision too: they stop working.
  const links = await tx.clientApprovalLink.updateMany({
    where: { orgId: ctx.org.id, postId: post.id, usedAt: null, voidedAt: null },
    data: { voidedAt: new Date(), voidReason: why === "edit" ? "post edited" : "resubmitted" },
  });
  if (voided.count > 0 || links.count > 0) {
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "post.approvals_voided", targetType: "Post", targetId: post.id,
      metadata: { count: voided.count, reason: why, ...(links.count > 0 ? { clientLinksVoided: links.count } : {}) }, request: ctx.request,
    });
  }
  // A retry of a failed scan reuses the revision's outbox row; anything else gets a fresh one.
  const job = await tx.scanJob.upsert({
    where: { revisionId, orgId: ctx.org.id },
    create: { orgId: ctx.org.id, postId: post.id, revisionId, requestId: webRequestId(ctx.request) },
    update: { status: "PENDING", attempts: 0, lastErrorCode: null, enqueuedAt: null, startedAt: null, finishedAt: null, requestId: webRequestId(ctx.request) },
  });
  await recordAuditEvent(tx, {
    orgId: ctx.org.id, actorId: ctx.user.id, action: "scan.requested", targetType: "ScanJob", targetId: job.id,
    metadata: { postId: post.id, revisionId, reason: why }, request: ctx.request,
  });
  return job.id;
}
