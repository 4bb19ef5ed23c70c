import { ANY_ORG, db, Prisma, scopedDb, type Tx, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvents } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { jsonInsert } from "../json-insert";
import { deliverMail } from "../mail/send-mail";
import { notifyMany, type NotifyInput } from "../notifications/notify";
import { issueAckLinks } from "./ack-links";
import { latestAckVersion } from "./ack-records";
import { ackRemindersDue, ESCALATED } from "./ack-rules";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { inAckScopeSql } from "./ack-settings";
import { openDueAckRenewals } from "./open-ack-renewals";
import { lockRoster } from "./sync-workforce-members";

export interface AckSweepResult {
  /** Reminders before the due time ("start", "before-7", "before-1"). */
  reminded: number;
  /** "due" and "overdue-<n>" reminders. */
  overdue: number;
  /** Acknowledgements escalated to the compliance officers in this run. */
  escalated: number;
  /** People who must acknowledge and had no acknowledgement of the newest version (joined, or came into scope). */
  assigned: number;
  /** New cycles opened on the org's cadence (re-acknowledgement of the version in force). */
  renewed: number;
}

/**
 * The worker's acknowledgement sweep (hourly). First each org with an approved version brings its
 * roster in step with its members, assigns whoever must acknowledge and is not assigned yet, and opens
 * the renewals due on its cadence (assignAndRenew). Then every unsigned acknowledgement of an active
 * person who must acknowledge (the org's departments and roles), not outdated by a newer version in
 * effect, gets the reminder of its milestone once (ack-rules.ts): members in the app and by mail,
 * people without an account a fresh link by mail (the previous one stops working). From the first day after the due time the compliance officers (the
 * admins, in an org without one) are told once per acknowledgement, in one notification per org and
 * run. The unique PolicyReminder row is written in the transaction that sends, so a second sweep or
 * worker finds nothing left. `now` is a parameter so tests move the clock; `orgId` narrows it to one org.
 */
export async function remindPolicyAcknowledgements(now: Date = new Date(), opts: { orgId?: string; pageSize?: number } = {}): Promise<AckSweepResult> {
  const result: AckSweepResult = { reminded: 0, overdue: 0, escalated: 0, ...(await assignAndRenew(now, opts.orgId)) };
  const pageSize = opts.pageSize ?? 500;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const scope = opts.orgId ? forOrg(opts.orgId) : acrossOrgs("acknowledgement reminders: pages through the open acknowledgements of every org");
    const page = await rawSql(db(), scope).query<{ id: string; orgId: string }[]>`
      SELECT a.id::text, a."orgId"::text FROM "PolicyAcknowledgement" a
      JOIN "WorkforcePerson" p ON p.id = a."personId" AND p."orgId" = a."orgId" AND p.active
      JOIN "PolicyManualVersion" v ON v.id = a."versionId" AND v."orgId" = a."orgId"
      LEFT JOIN "PolicyManual" m ON m."orgId" = a."orgId"
      WHERE ${inAckScopeSql("p", "m")} AND a."signedAt" IS NULL AND a."assignedAt" <= ${now} AND a.id > ${after}::uuid
        ${opts.orgId ? Prisma.sql`AND a."orgId" = ${ORG_ID}::uuid` : Prisma.empty}
        AND NOT EXISTS (SELECT 1 FROM "PolicyManualVersion" n WHERE n."orgId" = a."orgId" AND n.status = 'APPROVED' AND n.material
                        AND n.number > v.number AND n."effectiveAt" <= ${now})
      ORDER BY a.id LIMIT ${pageSize}`;
    const byOrg = new Map<string, string[]>();
    for (const a of page) byOrg.set(a.orgId, [...(byOrg.get(a.orgId) ?? []), a.id]);
    for (const [orgId, ids] of byOrg) {
      const sent = await scopedDb(orgId).$transaction((tx) => remindOrg(tx, orgId, ids, now));
      result.reminded += sent.reminded;
      result.overdue += sent.overdue;
      result.escalated += sent.escalated;
      for (const id of sent.mailIds) await deliverMail(id);
    }
    if (page.length < pageSize) return result;
    after = page.at(-1)!.id;
  }
}

/**
 * Per org with an approved material version, under the roster lock: the roster is brought in step
 * with the members, everyone who must acknowledge and has no acknowledgement of the newest version
 * gets one (members who joined, people whose department or role came into the org's scope), and the
 * renewals due on the org's cadence are opened.
 */
async function assignAndRenew(now: Date, orgId?: string): Promise<{ assigned: number; renewed: number }> {
  const orgs = await db().policyManualVersion.findMany({ where: { orgId: orgId ?? ANY_ORG, status: "APPROVED", material: true }, distinct: ["orgId"], select: { orgId: true } });
  const total = { assigned: 0, renewed: 0 };
  for (const { orgId: id } of orgs) {
    const r = await scopedDb(id).$transaction(async (tx) => {
      await lockRoster(tx, id);
      const version = await latestAckVersion(tx, id);
      const assigned = version ? await assignPolicyAcknowledgements(tx, { orgId: id, versionId: version.id, ...WORKER_ACTOR, now }) : { assigned: 0, mailIds: [] };
      const renewed = await openDueAckRenewals(tx, id, now, WORKER_ACTOR);
      return { assigned: assigned.assigned, renewed: renewed.assigned, mailIds: [...assigned.mailIds, ...renewed.mailIds] };
    });
    total.assigned += r.assigned;
    total.renewed += r.renewed;
    for (const m of r.mailIds) await deliverMail(m);
  }
  return total;
}

const isOverdue = (m: string) => m === "due" || m.startsWith("overdue-");

async function remindOrg(tx: Tx, orgId: string, ids: string[], now: Date) {
  const open = await rawSql(tx, forOrg(orgId)).query<{ id: string; personId: string; assignedAt: Date; dueAt: Date }[]>`
    SELECT id::text, "personId"::text, "assignedAt", "dueAt" FROM "PolicyAcknowledgement"
    WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND "orgId" = ${ORG_ID}::uuid AND "signedAt" IS NULL
    FOR UPDATE SKIP LOCKED`;
  const none = { reminded: 0, overdue: 0, escalated: 0, mailIds: [] as string[] };
  if (open.length === 0) return none;
  const already = await tx.policyReminder.findMany({ where: { orgId, acknowledgementId: { in: open.map((a) => a.id) } }, select: { acknowledgementId: true, milestone: true } });
  const sentOf = new Map<string, Set<string>>();
  for (const r of already) sentOf.set(r.acknowledgementId, (sentOf.get(r.acknowledgementId) ?? new Set()).add(r.milestone));
  const due = open.flatMap((a) => ackRemindersDue(a, now, sentOf.get(a.id)).milestones.map((milestone) => ({ orgId, acknowledgementId: a.id, milestone, sentAt: now })));
  if (due.length === 0) return none;
  // Only the rows this run wrote come back: a milestone already sent is skipped by the unique index.
  const written = await rawSql(tx, forOrg(orgId)).query<{ acknowledgementId: string; milestone: string }[]>(
    Prisma.sql`${jsonInsert("PolicyReminder", { orgId: "uuid", acknowledgementId: "uuid", milestone: "text", sentAt: "timestamptz(3)" }, due, { orgId: ORG_ID })}
      ON CONFLICT DO NOTHING RETURNING "acknowledgementId"::text, milestone`,
  );
  if (written.length === 0) return none;
  const ackOf = new Map(open.map((a) => [a.id, a]));
  const persons = await tx.workforcePerson.findMany({ where: { orgId, id: { in: open.map((a) => a.personId) } }, select: { id: true, userId: true, email: true } });
  const personOf = new Map(persons.map((p) => [p.id, p]));
  const [org, staff] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } }),
    tx.membership.findMany({ where: { orgId, role: { in: ["COMPLIANCE_OFFICER", "ADMIN"] } }, select: { userId: true, role: true } }),
  ]);
  const reminders = written.filter((w) => w.milestone !== ESCALATED);
  const escalated = written.filter((w) => w.milestone === ESCALATED).map((w) => w.acknowledgementId);
  const notes: NotifyInput[] = [];
  const base = { orgId, orgSlug: org.slug, orgName: org.name, postId: null };
  const mailIds: string[] = [];
  for (const overdue of [false, true]) {
    const group = reminders.filter((w) => isOverdue(w.milestone) === overdue).map((w) => personOf.get(ackOf.get(w.acknowledgementId)!.personId)!);
    notes.push({ ...base, kind: overdue ? "policy_ack_overdue" : "policy_ack_reminder", userIds: group.flatMap((p) => p.userId ?? []) });
    const targets = reminders.filter((w) => isOverdue(w.milestone) === overdue && !personOf.get(ackOf.get(w.acknowledgementId)!.personId)!.userId).map((w) => {
      const a = ackOf.get(w.acknowledgementId)!;
      return { ackId: a.id, email: personOf.get(a.personId)!.email, dueAt: a.dueAt };
    });
    mailIds.push(...(await issueAckLinks(tx, orgId, org.name, targets, overdue ? "overdue" : "reminder", null, now)).mailIds);
  }
  if (escalated.length) {
    await tx.policyAcknowledgement.updateMany({ where: { orgId, id: { in: escalated }, escalatedAt: null }, data: { escalatedAt: now } });
    // The compliance officers; an org without one tells its admins, so someone who can act hears of it.
    const officers = staff.filter((m) => m.role === "COMPLIANCE_OFFICER");
    notes.push({ ...base, kind: "policy_ack_escalated", userIds: (officers.length ? officers : staff).map((m) => m.userId) });
  }
  mailIds.push(...(await notifyMany(tx, notes)));
  await recordAuditEvents(tx, written.map((w) => ({
    ...WORKER_ACTOR, orgId, action: w.milestone === ESCALATED ? "ack.escalated" : "ack.reminder_sent", targetType: "PolicyAcknowledgement", targetId: w.acknowledgementId,
    metadata: { milestone: w.milestone, personId: ackOf.get(w.acknowledgementId)!.personId, channel: personOf.get(ackOf.get(w.acknowledgementId)!.personId)!.userId ? "in_app" : "link" },
  })));
  const overdue = reminders.filter((w) => isOverdue(w.milestone)).length;
  return { reminded: reminders.length - overdue, overdue, escalated: escalated.length, mailIds };
}
