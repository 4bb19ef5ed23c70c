import { ANY_ORG, db, scopedDb, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyMany } from "../notifications/notify";

export const REMOVAL_REMINDER_EVERY_MS = 24 * 3_600_000;
/** A post still up this long after the withdrawal is escalated to the org's compliance officers and admins. */
export const REMOVAL_ESCALATE_AFTER_MS = 72 * 3_600_000;

/**
 * Open removal tasks nobody was reminded of for a day: the assignee hears again, until it is done.
 * Once a task is overdue (three days), each daily reminder also goes to the compliance officers
 * and admins, who can take the task over.
 */
export async function remindRemovalTasks(now: Date = new Date(), limit = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - REMOVAL_REMINDER_EVERY_MS);
  const due = await db().removalTask.findMany({
    where: { orgId: ANY_ORG, completedAt: null, createdAt: { lte: cutoff }, OR: [{ lastRemindedAt: null }, { lastRemindedAt: { lte: cutoff } }] },
    select: { id: true, orgId: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  let reminded = 0;
  for (const { id, orgId } of due) {
    const mailIds = await scopedDb(orgId).$transaction(async (tx) => {
      await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "RemovalTask" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
      const task = await tx.removalTask.findFirst({ where: { id, orgId } });
      // Re-checked under the lock: another worker may have just reminded, or the task been completed.
      if (!task || task.completedAt || (task.lastRemindedAt && task.lastRemindedAt > cutoff)) return null;
      await tx.removalTask.update({ where: { id, orgId }, data: { lastRemindedAt: now } });
      const overdue = now.getTime() - task.createdAt.getTime() >= REMOVAL_ESCALATE_AFTER_MS;
      const escalateTo = overdue
        ? (await tx.membership.findMany({ where: { orgId, role: { in: ["COMPLIANCE_OFFICER", "ADMIN"] } }, select: { userId: true } })).map((m) => m.userId).filter((u) => u !== task.assigneeId)
        : [];
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: overdue ? "removal_task.escalated" : "removal_task.reminded", targetType: "RemovalTask", targetId: id,
        metadata: { postId: task.postId, assigneeId: task.assigneeId, escalatedTo: escalateTo },
      });
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      const base = { orgId, orgSlug: org.slug, orgName: org.name, postId: task.postId };
      return notifyMany(tx, [
        { ...base, kind: "removal_reminder", userIds: [task.assigneeId] },
        { ...base, kind: "removal_escalated", userIds: escalateTo },
      ]);
    });
    if (!mailIds) continue;
    reminded++;
    for (const mailId of mailIds) await deliverMail(mailId);
  }
  return reminded;
}
