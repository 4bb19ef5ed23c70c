import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { currentRevisionOf, lockPost } from "../posts/post-access";

export const REMINDER_WINDOW_MS = 2 * 3_600_000;
export const REMINDER_EVERY_MS = 3_600_000;

/**
 * Posts still in review and scheduled within the next two hours: the approvers of their current
 * step who have not approved yet are reminded, at most once an hour each. The post row lock makes
 * two ticks see each other's reminders instead of both sending one.
 */
export async function sendReviewReminders(now: Date = new Date(), limit = 100): Promise<number> {
  const soon = await db().post.findMany({
    where: { orgId: ANY_ORG, state: "IN_REVIEW", scheduledAt: { gt: now, lte: new Date(now.getTime() + REMINDER_WINDOW_MS) } },
    select: { id: true, orgId: true },
    orderBy: { scheduledAt: "asc" },
    take: limit,
  });
  let reminded = 0;
  for (const { id, orgId } of soon) {
    const mailIds = await scopedDb(orgId).$transaction(async (tx) => {
      const post = await lockPost(tx, orgId, id);
      if (post.state !== "IN_REVIEW") return [];
      const revision = await currentRevisionOf(tx, post);
      const step = await currentStep(tx, orgId, await loadPolicy(tx, orgId), post, revision.id);
      if (!step) return [];
      const waiting = step.eligible.filter((u) => !step.approvedBy.has(u));
      const recent = await tx.notification.findMany({
        where: { orgId, postId: id, kind: "reminder", userId: { in: waiting }, createdAt: { gt: new Date(now.getTime() - REMINDER_EVERY_MS) } },
        select: { userId: true },
      });
      const recentIds = new Set(recent.map((n) => n.userId));
      const userIds = waiting.filter((u) => !recentIds.has(u));
      if (userIds.length === 0) return [];
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      const ids = await notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: id, kind: "reminder", userIds });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "post.reminder_sent", targetType: "Post", targetId: id,
        metadata: { step: step.index + 1, recipients: userIds.length },
      });
      reminded += userIds.length;
      return ids;
    });
    for (const mailId of mailIds) await deliverMail(mailId);
  }
  return reminded;
}
