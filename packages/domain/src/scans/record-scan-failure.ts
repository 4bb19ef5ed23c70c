import { scopedDb } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { lockPost } from "../posts/post-access";
import { nextState } from "../posts/post-state-machine";

export interface RecordScanFailureInput {
  scanJobId: string;
  orgId: string;
  /** A code (e.g. "IMAGE_CORRUPT", "TIMEOUTERROR"), never an error message: messages can quote content. */
  errorCode: string;
  /** The web request that asked for the scan (the job's payload), for the author's mail. */
  requestId?: string | undefined;
}

/**
 * After the last attempt: the job is FAILED and the post SCAN_FAILED, so its author sees it and can
 * retry. Returns false when there was nothing to fail (the job already finished, or a newer
 * revision superseded it: the post is then not this job's to change).
 */
export async function recordScanFailure(input: RecordScanFailureInput): Promise<boolean> {
  const { orgId } = input;
  const errorCode = input.errorCode.replace(/[^A-Za-z0-9_:-]/g, "").slice(0, 64) || "UNKNOWN";
  const done = await scopedDb(orgId).$transaction(async (tx) => {
    const job = await tx.scanJob.findFirst({ where: { id: input.scanJobId, orgId } });
    if (!job) return null;
    const post = await lockPost(tx, orgId, job.postId);
    const failed = await tx.scanJob.updateMany({
      where: { id: job.id, orgId, status: { in: ["PENDING", "ENQUEUED", "RUNNING"] } },
      data: { status: "FAILED", lastErrorCode: errorCode, finishedAt: new Date() },
    });
    if (failed.count === 0) return null;
    const revision = await tx.postRevision.findFirst({ where: { id: job.revisionId, orgId }, select: { number: true } });
    const moves = post.state === "SCANNING" && revision?.number === post.currentRevision;
    let mailIds: string[] = [];
    if (moves) {
      await tx.post.update({ where: { id: post.id, orgId }, data: { state: nextState(post.state, "scanFailed") } });
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      mailIds = await notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: post.id, kind: "scan_failed", userIds: [post.authorId], request: input });
    }
    await recordAuditEvent(tx, {
      ...WORKER_ACTOR, orgId, action: "scan.failed", targetType: "ScanJob", targetId: job.id,
      metadata: { postId: post.id, revisionId: job.revisionId, errorCode, attempts: job.attempts, postState: moves ? "SCAN_FAILED" : post.state },
    });
    return mailIds;
  });
  if (!done) return false;
  for (const id of done) await deliverMail(id);
  return true;
}
