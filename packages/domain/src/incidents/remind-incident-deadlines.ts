import { ANY_ORG, db, Prisma, scopedDb, type Tx, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvents } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyMany } from "../notifications/notify";
import { REMINDER_DAYS, reminderMilestone } from "./incident-rules";

const DAY_MS = 86_400_000;

export interface DeadlineSweepResult {
  /** Reminders sent before the deadline in this run. */
  reminded: number;
  /** "Overdue" reminders sent in this run (one per incident and day). */
  overdue: number;
}

/**
 * The worker's incident-deadline sweep (hourly): every incident not closed whose deadline is within
 * 30 days, or past, gets the reminder of its current milestone, once. The unique IncidentReminder row
 * (incident, deadline, milestone) is written in the transaction that writes the officers'
 * notifications and mail, so a second sweep or a second worker finds nothing left to send. Each
 * incident is re-read under a share lock in that transaction: one being closed meanwhile is skipped,
 * and a changed discovery (hence deadline) is what counts: the moved deadline is a new schedule,
 * whose milestones go out even where the old one's of the same name already did. Cross-org on purpose: candidates are found across orgs,
 * each org is written alone (`orgId` narrows it to one, for tests). `now` is a parameter so tests can
 * move the clock.
 */
export async function remindIncidentDeadlines(now: Date = new Date(), opts: { orgId?: string; pageSize?: number } = {}): Promise<DeadlineSweepResult> {
  const pageSize = opts.pageSize ?? 500;
  const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * DAY_MS);
  const result: DeadlineSweepResult = { reminded: 0, overdue: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await db().incident.findMany({
      where: { orgId: opts.orgId ?? ANY_ORG, status: { not: "CLOSED" }, deadlineAt: { lte: horizon }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, orgId: true },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    const byOrg = new Map<string, string[]>();
    for (const i of page) byOrg.set(i.orgId, [...(byOrg.get(i.orgId) ?? []), i.id]);
    for (const [orgId, ids] of byOrg) {
      const sent = await scopedDb(orgId).$transaction((tx) => remindOrg(tx, orgId, ids, now));
      result.reminded += sent.reminded;
      result.overdue += sent.overdue;
      for (const id of sent.mailIds) await deliverMail(id);
    }
    if (page.length < pageSize) return result;
    after = page.at(-1)!.id;
  }
}

async function remindOrg(tx: Tx, orgId: string, ids: string[], now: Date) {
  const open = await rawSql(tx, forOrg(orgId)).query<{ id: string; deadlineAt: Date }[]>`
    SELECT id::text, "deadlineAt" FROM "Incident"
    WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND "orgId" = ${ORG_ID}::uuid AND status <> 'CLOSED'
    FOR SHARE SKIP LOCKED`;
  const due = open.flatMap((i) => {
    const milestone = reminderMilestone(i.deadlineAt, now);
    return milestone ? [{ orgId, incidentId: i.id, milestone, deadlineAt: i.deadlineAt, sentAt: now }] : [];
  });
  if (due.length === 0) return { reminded: 0, overdue: 0, mailIds: [] };
  // Only the rows this run wrote come back: a milestone already sent for this deadline is skipped by the unique index.
  const sent = await tx.incidentReminder.createManyAndReturn({ data: due, skipDuplicates: true, select: { incidentId: true, milestone: true, deadlineAt: true } });
  if (sent.length === 0) return { reminded: 0, overdue: 0, mailIds: [] };
  const [org, members] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } }),
    tx.membership.findMany({ where: { orgId, role: { in: ["COMPLIANCE_OFFICER", "ADMIN"] } }, select: { userId: true, role: true } }),
  ]);
  // The compliance officers; an org without one tells its admins, so the deadline reaches someone who can act.
  const officers = members.filter((m) => m.role === "COMPLIANCE_OFFICER");
  const userIds = (officers.length > 0 ? officers : members).map((m) => m.userId);
  const isOverdue = (milestone: string) => milestone.startsWith("overdue-");
  const mailIds = await notifyMany(tx, sent.map((r) => ({
    orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: isOverdue(r.milestone) ? "incident_overdue" as const : "incident_deadline" as const, userIds,
  })));
  await recordAuditEvents(tx, sent.map((r) => ({
    ...WORKER_ACTOR, orgId, action: "incident.deadline_reminder", targetType: "Incident", targetId: r.incidentId,
    metadata: { milestone: r.milestone, deadlineAt: r.deadlineAt.toISOString(), recipients: userIds.length },
  })));
  const overdue = sent.filter((r) => isOverdue(r.milestone)).length;
  return { reminded: sent.length - overdue, overdue, mailIds };
}
