import { outboxMailsTo } from "../mail/mails-to";
import { randomUUID } from "node:crypto";
import { db, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { closeIncident } from "./close-incident";
import { openIncident } from "./open-incident";
import { remindIncidentDeadlines } from "./remind-incident-deadlines";
import { saveIncidentAssessment } from "./save-incident-assessment";

// The 164.404(b) deadline reminders, on a clock the test moves: `now` is passed to the sweep, the
// incidents stay as opened (discovered at the real now, deadline 60 days later).

const DAY_MS = 86_400_000;
const NOTES = {
  natureChecked: "on", natureNotes: "A first name and a ward only.", recipientChecked: "on", recipientNotes: "Page followers.",
  acquiredChecked: "on", acquiredNotes: "Removed within minutes.", mitigationChecked: "on", mitigationNotes: "Author coached.",
};

let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

async function commentIncident(org: TestOrg) {
  const account = await connectTestAccount(org.org.id, org.users.ADMIN.id);
  const commentId = randomUUID();
  await db().socialComment.create({ data: { id: commentId, orgId: org.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${commentId.slice(0, 8)}`, lastEventAt: new Date() } });
  const { incidentId } = await openIncident(org.ctx.COMPLIANCE_OFFICER, { commentId, employeeId: org.users.STAFF.id });
  return db().incident.findFirstOrThrow({ where: { id: incidentId, orgId: org.org.id } });
}

const sweep = (at: Date, org: TestOrg = a) => remindIncidentDeadlines(at, { orgId: org.org.id });
const milestones = async (incidentId: string, org: TestOrg = a) =>
  (await db().incidentReminder.findMany({ where: { orgId: org.org.id, incidentId }, orderBy: { sentAt: "asc" } })).map((r) => r.milestone);
const notes = (org: TestOrg, kind: string, userId: string) => db().notification.count({ where: { orgId: org.org.id, kind, userId } });

describe("incident deadline reminders", () => {
  it("sends each milestone once, only the current one, to the compliance officers (in-app and mail), then daily once overdue", async () => {
    const incident = await commentIncident(a);
    const before = (days: number) => new Date(incident.deadlineAt.getTime() - days * DAY_MS);
    const officer = a.users.COMPLIANCE_OFFICER;
    const mails = () => outboxMailsTo(officer.email).then((ms) => ms.filter((m) => m.subject.startsWith("Reminder: a breach incident")).length);

    expect(await sweep(before(31))).toEqual({ reminded: 0, overdue: 0 });
    expect(await sweep(before(29.9))).toEqual({ reminded: 1, overdue: 0 });
    // Once only: the same hour, or a later one before the next milestone, sends nothing.
    expect(await sweep(before(29.9))).toEqual({ reminded: 0, overdue: 0 });
    expect(await sweep(before(20))).toEqual({ reminded: 0, overdue: 0 });
    expect(await notes(a, "incident_deadline", officer.id)).toBe(1);
    expect(await mails()).toBe(1);
    // Admins and the employee are not the reminders' audience when the org has an officer.
    expect(await notes(a, "incident_deadline", a.users.ADMIN.id)).toBe(0);
    expect(await notes(a, "incident_deadline", a.users.STAFF.id)).toBe(0);

    await sweep(before(13.5));
    // The worker was down from 13 days out to 2.5: the 3-day reminder alone, not the 7-day one as well.
    await sweep(before(2.5));
    await sweep(before(2.4));
    await sweep(before(0.5));
    expect(await milestones(incident.id)).toEqual(["before-30", "before-14", "before-3", "before-1"]);

    // Overdue: one a day, however often the sweep runs.
    const after = (days: number) => new Date(incident.deadlineAt.getTime() + days * DAY_MS);
    expect(await sweep(after(0.1))).toEqual({ reminded: 0, overdue: 1 });
    expect(await sweep(after(0.9))).toEqual({ reminded: 0, overdue: 0 });
    expect(await sweep(after(1.2))).toEqual({ reminded: 0, overdue: 1 });
    expect(await sweep(after(1.3))).toEqual({ reminded: 0, overdue: 0 });
    expect(await sweep(after(4))).toEqual({ reminded: 0, overdue: 1 });
    expect(await milestones(incident.id)).toEqual(["before-30", "before-14", "before-3", "before-1", "overdue-1", "overdue-2", "overdue-5"]);
    expect(await notes(a, "incident_overdue", officer.id)).toBe(3);
    expect(await notes(a, "incident_deadline", officer.id)).toBe(4);
    expect(await mails()).toBe(4);

    const events = await auditEventsFor(a.org.id, { action: "incident.deadline_reminder", targetId: incident.id });
    expect(events.map((e) => e.metadata)).toContainEqual({ milestone: "overdue-2", deadlineAt: incident.deadlineAt.toISOString(), recipients: 1 });
    expect(events.every((e) => e.actorId === null && e.actorLabel === "worker")).toBe(true);
    expect(events).toHaveLength(7);
  });

  it("follows a corrected discovery: the moved deadline's milestones go out even where the old schedule's of the same name did", async () => {
    const incident = await commentIncident(a);
    const old = incident.deadlineAt;
    const at = (deadline: Date, days: number) => new Date(deadline.getTime() - days * DAY_MS);
    await sweep(at(old, 29.9));
    expect(await sweep(at(old, 13.5))).toEqual({ reminded: 1, overdue: 0 });

    // The officer finds the post was seen two days earlier than recorded: the deadline moves two days closer.
    const discoveredAt = new Date(incident.discoveredAt.getTime() - 2 * DAY_MS);
    await saveIncidentAssessment(a.ctx.COMPLIANCE_OFFICER, { incidentId: incident.id, discoveredAt: discoveredAt.toISOString() });
    const moved = (await db().incident.findFirstOrThrow({ where: { id: incident.id, orgId: a.org.id } })).deadlineAt;
    expect(moved.getTime()).toBe(old.getTime() - 2 * DAY_MS);

    // An hour after the last sweep it is 11.4 days to the new deadline: the new schedule's 14-day reminder, once.
    expect(await sweep(at(old, 13.45))).toEqual({ reminded: 1, overdue: 0 });
    expect(await sweep(at(old, 13.4))).toEqual({ reminded: 0, overdue: 0 });
    expect(await sweep(at(moved, 6.9))).toEqual({ reminded: 1, overdue: 0 });
    expect(await sweep(new Date(moved.getTime() + 0.1 * DAY_MS))).toEqual({ reminded: 0, overdue: 1 });
    const rows = await db().incidentReminder.findMany({ where: { orgId: a.org.id, incidentId: incident.id }, orderBy: { sentAt: "asc" } });
    expect(rows.map((r) => [r.milestone, r.deadlineAt.toISOString()])).toEqual([
      ["before-30", old.toISOString()], ["before-14", old.toISOString()],
      ["before-14", moved.toISOString()], ["before-7", moved.toISOString()], ["overdue-1", moved.toISOString()],
    ]);
    const events = await auditEventsFor(a.org.id, { action: "incident.deadline_reminder", targetId: incident.id });
    expect(events.map((e) => e.metadata)).toContainEqual({ milestone: "before-14", deadlineAt: moved.toISOString(), recipients: 1 });
  });

  it("is silent for a closed incident, tells the admins of an org without an officer, and keeps orgs apart", async () => {
    const closed = await commentIncident(a);
    await saveIncidentAssessment(a.ctx.COMPLIANCE_OFFICER, { incidentId: closed.id, intent: "assess", ...NOTES, conclusion: "LOW_PROBABILITY" });
    await closeIncident(a.ctx.COMPLIANCE_OFFICER, { incidentId: closed.id, outcome: "NOT_REQUIRED" });
    const other = await commentIncident(b);
    // Org B loses its officer: the admin hears instead.
    await db().membership.update({ where: { id: b.members.COMPLIANCE_OFFICER.id, orgId: b.org.id }, data: { role: "CONSULTANT" } });

    for (const days of [-29, -7, -1, 0.5, 3, 10]) await sweep(new Date(closed.deadlineAt.getTime() + days * DAY_MS));
    expect(await milestones(closed.id)).toEqual([]);
    expect(await milestones(other.id, b)).toEqual([]);

    expect(await sweep(new Date(other.deadlineAt.getTime() + 2 * DAY_MS), b)).toEqual({ reminded: 0, overdue: 1 });
    expect(await milestones(other.id, b)).toEqual(["overdue-3"]);
    expect(await notes(b, "incident_overdue", b.users.ADMIN.id)).toBe(1);
    expect(await notes(b, "incident_overdue", b.users.COMPLIANCE_OFFICER.id)).toBe(0);
    expect(await db().incidentReminder.count({ where: { orgId: a.org.id, incidentId: other.id } })).toBe(0);
  });

  it("keeps the reminders as a record: neither the app nor the owner can rewrite or remove one", async () => {
    const [row] = await db().incidentReminder.findMany({ where: { orgId: a.org.id }, take: 1 });
    expect(row).toBeDefined();
    await expect(rawSql(db(), forOrg(a.org.id)).execute`DELETE FROM "IncidentReminder" WHERE id = ${row!.id}::uuid AND "orgId" = ${ORG_ID}::uuid`).rejects.toThrow(/permission denied/);
    await withPgClient(async (owner) => {
      await expect(owner.query(`UPDATE "IncidentReminder" SET milestone = 'before-30' WHERE id = $1`, [row!.id])).rejects.toThrow(/append-only/);
    });
  });
});
