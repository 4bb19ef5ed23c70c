import { db, scopedDb, type Channel } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { lockPost } from "../posts/post-access";
import { canTransition, nextState } from "../posts/post-state-machine";

export interface WithdrawalActor {
  actorId: string | null;
  actorLabel?: string | null;
  request?: RequestMeta;
}

/** What a person must do to take a post down; one item per channel it went out on, then the record. */
export function removalChecklist(channels: Channel[]) {
  return [
    ...channels.map((c) => ({ id: `channel:${c}`, label: `Delete the post from ${c}`, doneAt: null, doneById: null })),
    { id: "copies", label: "Remove copies: shares you control, pinned or boosted versions, scheduled reposts", doneAt: null, doneById: null },
    { id: "files", label: "Delete the image from shared drives and the media library outside Vetted", doneAt: null, doneById: null },
  ];
}

/**
 * After a consent is revoked or expires: every post whose current version shows an image linked to
 * it stops. Posts still on their way (in review, approved, scheduled) go back to CHANGES_REQUESTED
 * with their approvals voided; published posts get a removal task for their author. Each post in
 * its own transaction under its row lock; running it twice changes nothing more (idempotent).
 */
export async function applyConsentWithdrawal(orgId: string, consentId: string, reason: "REVOKED" | "EXPIRED", actor: WithdrawalActor) {
  const links = await db().mediaPerson.findMany({ where: { orgId, consentId }, select: { mediaId: true } });
  const mediaIds = [...new Set(links.map((l) => l.mediaId))];
  if (mediaIds.length === 0) return { sentBack: 0, removalTasks: 0 };
  const revisions = await db().postRevision.findMany({ where: { orgId, mediaIds: { hasSome: mediaIds } }, select: { postId: true, number: true } });
  const posts = await db().post.findMany({ where: { orgId, id: { in: [...new Set(revisions.map((r) => r.postId))] } }, select: { id: true, currentRevision: true } });
  const affected = posts.filter((p) => revisions.some((r) => r.postId === p.id && r.number === p.currentRevision));
  const audit = { orgId, actorId: actor.actorId, actorLabel: actor.actorLabel ?? null, ...(actor.request ? { request: actor.request } : {}) };
  let sentBack = 0;
  let removalTasks = 0;
  for (const { id } of affected) {
    const mailIds = await scopedDb(orgId).$transaction(async (tx) => {
      const post = await lockPost(tx, orgId, id);
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      const notify = { orgId, orgSlug: org.slug, orgName: org.name, postId: id, userIds: [post.authorId], request: actor.request };
      if (canTransition(post.state, "consentWithdrawn")) {
        const state = nextState(post.state, "consentWithdrawn");
        await tx.post.update({ where: { id, orgId }, data: { state } });
        const voided = await tx.approval.updateMany({ where: { orgId, postId: id, voidedAt: null }, data: { voidedAt: new Date(), voidReason: "consent withdrawn" } });
        await recordAuditEvent(tx, {
          ...audit, action: "post.consent_withdrawn", targetType: "Post", targetId: id,
          metadata: { consentId, reason, from: post.state, to: state, revision: post.currentRevision, approvalsVoided: voided.count },
        });
        sentBack++;
        return notifyUsers(tx, { ...notify, kind: "consent_withdrawn" });
      }
      if (post.state !== "PUBLISHED") return [];
      const existing = await tx.removalTask.count({ where: { orgId, postId: id, consentId } });
      if (existing) return [];
      const task = await tx.removalTask.create({
        data: { orgId, postId: id, consentId, reason, assigneeId: post.authorId, checklist: removalChecklist(post.channels) },
      });
      await recordAuditEvent(tx, {
        ...audit, action: "removal_task.created", targetType: "RemovalTask", targetId: task.id,
        metadata: { postId: id, consentId, reason, assigneeId: post.authorId, channels: post.channels },
      });
      removalTasks++;
      return notifyUsers(tx, { ...notify, kind: "removal_task" });
    });
    for (const mailId of mailIds) await deliverMail(mailId);
  }
  return { sentBack, removalTasks };
}
