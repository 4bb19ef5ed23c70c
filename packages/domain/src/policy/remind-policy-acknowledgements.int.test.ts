import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { addMember, createUser, uniq } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, testPasswordHash, testRequest, type TestOrg } from "../testing";
import { ackTokenFromOutbox, answersFor, approveTestVersion, ensureTestManual, rosterCsv } from "./ack-test-helpers";
import { exportPolicyCoverageCsv } from "./export-policy-coverage-csv";
import { getPolicyCoverage } from "./get-policy-coverage";
import { importRoster } from "./import-roster";
import { openAcknowledgement } from "./open-acknowledgement";
import { remindPolicyAcknowledgements } from "./remind-policy-acknowledgements";
import { signAcknowledgement } from "./sign-acknowledgement";
import { submitQuizAttempt } from "./submit-quiz-attempt";

// The acknowledgement reminders on a clock the test moves (`now` passed to the sweep): start at
// assignment, −7 d, −1 d, the due time, then daily; the compliance officers told once, the first day
// after it. And the coverage report against the same clock.

const DAY = 86_400_000;
let a: TestOrg;
const cy = `cy.${uniq("c")}@example.org`.toLowerCase();
const dee = `dee.${uniq("d")}@example.org`.toLowerCase();
let assignedAt: Date;
let dueAt: Date;

beforeAll(async () => {
  a = await createOrgWithMembers();
  await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Cy Ng", cy, "Billing", "Clerk"], ["Dee Po", dee, "Clinical", "Nurse"]]) });
  await ensureTestManual(a);
  await approveTestVersion(a);
  const ack = await db().policyAcknowledgement.findFirstOrThrow({ where: { orgId: a.org.id } });
  assignedAt = ack.assignedAt;
  dueAt = ack.dueAt;
});

const sweep = (at: Date) => remindPolicyAcknowledgements(at, { orgId: a.org.id });
const at = (daysFromDue: number) => new Date(dueAt.getTime() + daysFromDue * DAY);
const milestonesOf = async (email: string) => {
  const person = await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, email } });
  const ack = await db().policyAcknowledgement.findFirstOrThrow({ where: { orgId: a.org.id, personId: person.id } });
  return (await db().policyReminder.findMany({ where: { orgId: a.org.id, acknowledgementId: ack.id }, orderBy: { sentAt: "asc" } })).map((r) => r.milestone);
};
const notes = (kind: string, userId: string) => db().notification.count({ where: { orgId: a.org.id, kind, userId } });

describe("acknowledgement reminders", () => {
  it("sends each milestone once, then daily after the due time, and escalates once to the officers", async () => {
    expect(dueAt.getTime() - assignedAt.getTime()).toBe(30 * DAY);
    // "start" went out with the assignment: nothing until 7 days before the due time.
    expect(await sweep(new Date(assignedAt.getTime() + DAY))).toEqual({ reminded: 0, overdue: 0, escalated: 0, assigned: 0, renewed: 0 });
    expect(await sweep(at(-7.5))).toMatchObject({ reminded: 0 });
    expect(await sweep(at(-6.9))).toMatchObject({ reminded: 6, overdue: 0 });
    expect(await sweep(at(-6.8))).toMatchObject({ reminded: 0, overdue: 0 });
    expect(await notes("policy_ack_reminder", a.users.STAFF.id)).toBe(1);

    // Dee signs between the two reminders: nothing more for her.
    const token = await ackTokenFromOutbox(dee);
    const { questions } = await ensureTestManual(a);
    await openAcknowledgement(token, testRequest());
    await submitQuizAttempt(token, { answers: answersFor(questions) }, testRequest());
    await signAcknowledgement(token, { typedName: "Dee Po", confirm: true }, testRequest());

    // Cy's reminder carries a fresh link; the one before stops working.
    const cyBefore = await ackTokenFromOutbox(cy);
    expect(await sweep(at(-0.9))).toMatchObject({ reminded: 5 });
    const cyAfter = await ackTokenFromOutbox(cy);
    expect(cyAfter).not.toBe(cyBefore);
    await expect(openAcknowledgement(cyBefore, testRequest())).rejects.toMatchObject({ reason: "unknown" });

    expect(await sweep(at(0.1))).toMatchObject({ reminded: 0, overdue: 5, escalated: 0 });
    expect(await sweep(at(0.9))).toMatchObject({ overdue: 0, escalated: 0 });
    const officer = a.users.COMPLIANCE_OFFICER.id;
    expect(await sweep(at(1.1))).toMatchObject({ overdue: 5, escalated: 5 });
    expect(await notes("policy_ack_escalated", officer)).toBe(1);
    expect(await notes("policy_ack_escalated", a.users.ADMIN.id)).toBe(0);
    expect(await sweep(at(1.5))).toMatchObject({ overdue: 0, escalated: 0 });
    expect(await sweep(at(4.2))).toMatchObject({ overdue: 5, escalated: 0 });
    expect(await notes("policy_ack_escalated", officer)).toBe(1);

    expect(await milestonesOf(cy)).toEqual(["start", "before-7", "before-1", "due", "overdue-1", "escalated", "overdue-4"]);
    expect(await milestonesOf(dee)).toEqual(["start", "before-7"]);
    // The officer is a member too: their own overdue reminders arrive in the app.
    expect(await notes("policy_ack_overdue", officer)).toBe(3);
    expect((await outboxMailsTo(cy)).filter((m) => m.subject.startsWith("Overdue:")).length).toBe(3);

    const cyAck = await db().policyAcknowledgement.findFirstOrThrow({ where: { orgId: a.org.id, personId: (await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, email: cy } })).id } });
    expect(cyAck.escalatedAt).not.toBeNull();
    const events = await auditEventsFor(a.org.id, { action: "ack.escalated", targetId: cyAck.id });
    expect(events.map((e) => e.metadata)).toEqual([{ milestone: "escalated", personId: cyAck.personId, channel: "link" }]);
    expect(events[0]).toMatchObject({ actorId: null, actorLabel: "worker" });
  });

  it("assigns members who joined since, in the same sweep", async () => {
    const user = await createUser({ passwordHash: await testPasswordHash(), name: `Late Joiner ${uniq("j")}` });
    await addMember(a.org.id, user.id, "STAFF");
    const result = await sweep(at(4.3));
    expect(result.assigned).toBe(1);
    expect(await db().notification.count({ where: { orgId: a.org.id, userId: user.id, kind: "policy_ack_assigned" } })).toBe(1);
  });
});

describe("coverage", () => {
  it("counts acknowledged, pending and overdue per department for the version in effect, and exports it", async () => {
    const before = await getPolicyCoverage(a.ctx.COMPLIANCE_OFFICER, at(-1));
    expect(before.version?.number).toBe(1);
    expect(before.totals).toEqual({ people: 7, acknowledged: 1, pending: 6, overdue: 0 });
    expect(before.departments.find((d) => d.department === "Clinical")).toEqual({ department: "Clinical", people: 1, acknowledged: 1, pending: 0, overdue: 0 });
    expect(before.departments.find((d) => d.department === "No department")).toMatchObject({ people: 5, pending: 5 });
    const after = await getPolicyCoverage(a.ctx.COMPLIANCE_OFFICER, at(2));
    // The late joiner's own due time is later: still pending.
    expect(after.totals).toEqual({ people: 7, acknowledged: 1, pending: 1, overdue: 5 });
    expect(after.people.find((p) => p.email === dee)).toMatchObject({ state: "acknowledged", attempts: 1, lastScorePercent: 100, signatureMethod: "LINK" });

    const csv = await exportPolicyCoverageCsv(a.ctx.ADMIN, at(2));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("name,email,department,role,status,dueAt,signedAt,signatureMethod,quizAttempts,lastScorePercent,readSeconds,version");
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.includes(dee))).toMatch(/^Dee Po,.*,Clinical,Nurse,acknowledged,/);
    expect(await auditEventsFor(a.org.id, { action: "ack.coverage_exported" })).toHaveLength(1);
    await expect(getPolicyCoverage(a.ctx.STAFF)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
