import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportGroupPost } from "../groups/report-group-post";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { useOfflineScanProducer } from "../scans/test-producers";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { closeIncident } from "./close-incident";
import { getIncident } from "./get-incident";
import { listIncidents } from "./list-incidents";
import { openIncident } from "./open-incident";
import { saveIncidentAssessment } from "./save-incident-assessment";

// Our own sentence: a staff member naming a patient and her diagnosis in an employee group.
const PHI_TEXT = "Heads up team, Greta Lindqvist from room 9 tested positive for hepatitis C today.";
const NOTES = {
  natureNotes: "Full name, room number and a diagnosis: re-identification is certain.",
  recipientNotes: "About 40 members of the night-shift group, all workforce members.",
  acquiredNotes: "Up for two hours, 12 reactions; no shares found.",
  mitigationNotes: "Removed by the author; members asked to delete copies; author coached.",
};
const ALL_CHECKED = { natureChecked: "on", recipientChecked: "on", acquiredChecked: "on", mitigationChecked: "on" };
const DAY_MS = 86_400_000;

let a: TestOrg;
let b: TestOrg;
let restore: () => Promise<void>;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  restore = useOfflineScanProducer();
});
afterAll(() => restore());

async function blockedIncident(org: TestOrg) {
  const { report } = await reportGroupPost(org.ctx.STAFF, { groupName: "Night shift", channel: "FACEBOOK", authorUserId: org.users.STAFF.id, text: PHI_TEXT });
  expect(report.incidentId).toEqual(expect.any(String));
  return { reportId: report.id, incidentId: report.incidentId! };
}
const incidentRow = (orgId: string, id: string) => db().incident.findFirstOrThrow({ where: { id, orgId } });

describe("incident deadline", () => {
  it("is the discovery plus 60 days, follows a changed discovery, and the database refuses any other", async () => {
    const { incidentId } = await blockedIncident(a);
    const opened = await incidentRow(a.org.id, incidentId);
    expect(opened.deadlineAt.getTime()).toBe(opened.discoveredAt.getTime() + 60 * DAY_MS);
    const earlier = new Date(Date.now() - 10 * DAY_MS);
    earlier.setMilliseconds(0);
    await saveIncidentAssessment(a.ctx.COMPLIANCE_OFFICER, { incidentId, discoveredAt: earlier.toISOString() });
    const moved = await incidentRow(a.org.id, incidentId);
    expect(moved.discoveredAt.toISOString()).toBe(earlier.toISOString());
    expect(moved.deadlineAt.toISOString()).toBe(new Date(earlier.getTime() + 60 * DAY_MS).toISOString());
    expect((await getIncident(a.ctx.COMPLIANCE_OFFICER, { incidentId })).daysLeft).toBe(49);
    await expect(db().incident.update({ where: { id: incidentId, orgId: a.org.id }, data: { deadlineAt: new Date(earlier.getTime() + 90 * DAY_MS) } })).rejects.toThrow();
    const future = await expectAppError(saveIncidentAssessment(a.ctx.COMPLIANCE_OFFICER, { incidentId, discoveredAt: new Date(Date.now() + DAY_MS).toISOString() }), "VALIDATION");
    expect((future as unknown as { fields: Record<string, string[]> }).fields.discoveredAt).toBeDefined();
  });
});

describe("the risk assessment", () => {
  it("moves OPEN → ASSESSED → CLOSED with every step audited by codes only, and the notes sealed", async () => {
    const { incidentId } = await blockedIncident(a);
    const officer = a.ctx.COMPLIANCE_OFFICER;
    const partial = await saveIncidentAssessment(officer, { incidentId, natureChecked: "on", natureNotes: NOTES.natureNotes });
    expect(partial).toEqual({ incidentId, status: "OPEN", changed: true });
    expect(await saveIncidentAssessment(officer, { incidentId, natureChecked: "on", natureNotes: NOTES.natureNotes })).toMatchObject({ changed: false });

    const incomplete = await expectAppError(saveIncidentAssessment(officer, { incidentId, intent: "assess", natureChecked: "on", natureNotes: NOTES.natureNotes }), "VALIDATION");
    expect(Object.keys((incomplete as unknown as { fields: Record<string, string[]> }).fields).sort()).toEqual(["acquiredNotes", "conclusion", "mitigationNotes", "recipientNotes"]);
    await expectAppError(closeIncident(officer, { incidentId, outcome: "NOT_REQUIRED" }), "CONFLICT");

    const assessed = await saveIncidentAssessment(officer, { incidentId, intent: "assess", ...ALL_CHECKED, ...NOTES, conclusion: "NOTIFICATION_REQUIRED" });
    expect(assessed).toMatchObject({ status: "ASSESSED" });
    const row = await incidentRow(a.org.id, incidentId);
    expect(row).toMatchObject({ status: "ASSESSED", conclusion: "NOTIFICATION_REQUIRED", assessedById: officer.user.id });
    expect(JSON.stringify(row.assessment)).not.toMatch(/re-identification|night-shift|reactions|coached/);
    const view = await getIncident(officer, { incidentId });
    expect(view.factors.map((f) => [f.key, f.checked, f.notes])).toEqual([
      ["nature", true, NOTES.natureNotes], ["recipient", true, NOTES.recipientNotes], ["acquired", true, NOTES.acquiredNotes], ["mitigation", true, NOTES.mitigationNotes],
    ]);
    expect(view.missing).toEqual([]);

    const refused = await expectAppError(closeIncident(officer, { incidentId, outcome: "NOT_REQUIRED" }), "VALIDATION");
    expect((refused as unknown as { fields: Record<string, string[]> }).fields.outcome).toBeDefined();
    await expectAppError(closeIncident(officer, { incidentId, outcome: "NOTIFIED" }), "VALIDATION");
    const notifiedAt = new Date().toISOString();
    expect(await closeIncident(a.ctx.ADMIN, { incidentId, outcome: "NOTIFIED", notifiedAt })).toEqual({ incidentId, status: "CLOSED", late: false });
    expect(await incidentRow(a.org.id, incidentId)).toMatchObject({ status: "CLOSED", outcome: "NOTIFIED", closedById: a.users.ADMIN.id });
    await expectAppError(saveIncidentAssessment(officer, { incidentId, ...ALL_CHECKED, ...NOTES, conclusion: "LOW_PROBABILITY" }), "CONFLICT");
    await expectAppError(closeIncident(officer, { incidentId, outcome: "NOTIFIED", notifiedAt }), "CONFLICT");

    const events = (await auditEventsFor(a.org.id, { targetId: incidentId })).map((e) => ({ action: e.action, metadata: e.metadata }));
    expect(events.map((e) => e.action)).toEqual(["incident.opened", "incident.assessment_saved", "incident.assessed", "incident.viewed", "incident.closed"]);
    expect(events[2]!.metadata).toMatchObject({ from: "OPEN", to: "ASSESSED", conclusion: "NOTIFICATION_REQUIRED", factorsChecked: ["nature", "recipient", "acquired", "mitigation"] });
    expect(events[4]!.metadata).toEqual({ outcome: "NOTIFIED", conclusion: "NOTIFICATION_REQUIRED", late: false });
    expect(JSON.stringify(events)).not.toMatch(/Lindqvist|hepatitis|re-identification|coached/);
  });

  it("a change after the assessment reopens it; a low-probability conclusion closes without notification; a late notice is marked", async () => {
    const { incidentId } = await blockedIncident(a);
    const officer = a.ctx.COMPLIANCE_OFFICER;
    await saveIncidentAssessment(officer, { incidentId, intent: "assess", ...ALL_CHECKED, ...NOTES, conclusion: "LOW_PROBABILITY" });
    const reopened = await saveIncidentAssessment(officer, { incidentId, ...ALL_CHECKED, ...NOTES, mitigationNotes: "Removed within minutes.", conclusion: "LOW_PROBABILITY" });
    expect(reopened).toMatchObject({ status: "OPEN", changed: true });
    expect(await incidentRow(a.org.id, incidentId)).toMatchObject({ status: "OPEN", assessedAt: null });
    await saveIncidentAssessment(officer, { incidentId, intent: "assess", ...ALL_CHECKED, ...NOTES, conclusion: "LOW_PROBABILITY" });
    expect(await closeIncident(officer, { incidentId, outcome: "NOT_REQUIRED" })).toMatchObject({ status: "CLOSED", late: false });

    const second = await blockedIncident(a);
    // The deadline passed 9 days 23 hours ago: the tenth day overdue.
    const discovered = new Date(Date.now() - 70 * DAY_MS + 3_600_000);
    await saveIncidentAssessment(officer, { incidentId: second.incidentId, intent: "assess", discoveredAt: discovered.toISOString(), ...ALL_CHECKED, ...NOTES, conclusion: "NOTIFICATION_REQUIRED" });
    expect((await getIncident(officer, { incidentId: second.incidentId })).daysLeft).toBe(-10);
    expect(await closeIncident(officer, { incidentId: second.incidentId, outcome: "NOTIFIED", notifiedAt: new Date().toISOString() })).toMatchObject({ late: true });
    const early = await blockedIncident(a);
    await saveIncidentAssessment(officer, { incidentId: early.incidentId, intent: "assess", ...ALL_CHECKED, ...NOTES, conclusion: "NOTIFICATION_REQUIRED" });
    await expectAppError(closeIncident(officer, { incidentId: early.incidentId, outcome: "NOTIFIED", notifiedAt: new Date(Date.now() - 5 * DAY_MS).toISOString() }), "VALIDATION");
  });

  it("lists the nearest deadline first, for officers and admins only", async () => {
    const list = await listIncidents(a.ctx.ADMIN);
    const open = list.filter((i) => i.status !== "CLOSED");
    expect(open.map((i) => i.deadlineAt.getTime())).toEqual([...open.map((i) => i.deadlineAt.getTime())].sort((x, y) => x - y));
    expect(list.every((i) => i.source === "GROUP_REPORT" && i.employee === a.users.STAFF.name)).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/Lindqvist|hepatitis/);
    expect((await listIncidents(a.ctx.ADMIN, { status: "CLOSED" })).every((i) => i.status === "CLOSED")).toBe(true);
    await expectAppError(listIncidents(a.ctx.STAFF), "FORBIDDEN");
    await expectAppError(listIncidents(a.ctx.CONSULTANT), "FORBIDDEN");
  });

  it("opens an incident for a comment a staff member wrote, by hand", async () => {
    const account = await connectTestAccount(a.org.id, a.users.ADMIN.id);
    const comment = await db().socialComment.create({ data: { orgId: a.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_1`, lastEventAt: new Date() } });
    const { incidentId, created } = await openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId: comment.id, employeeId: a.users.CONSULTANT.id });
    expect(created).toBe(true);
    expect(await incidentRow(a.org.id, incidentId)).toMatchObject({ commentId: comment.id, reportId: null, employeeId: a.users.CONSULTANT.id, openedById: a.users.COMPLIANCE_OFFICER.id });
    expect((await getIncident(a.ctx.COMPLIANCE_OFFICER, { incidentId })).comment).toMatchObject({ id: comment.id, platform: "FACEBOOK" });
    await expectAppError(openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId: comment.id, reportId: comment.id }), "VALIDATION");
    await expectAppError(openIncident(b.ctx.COMPLIANCE_OFFICER, { commentId: comment.id }), "NOT_FOUND");
  });
});

describe("tenant isolation", () => {
  it("org B's officers and admins get not-found for org A's incidents and change nothing; others are refused", async () => {
    const { incidentId } = await blockedIncident(a);
    const before = await incidentRow(a.org.id, incidentId);
    for (const ctx of Object.values(b.ctx)) {
      const expected = ctx.role === "COMPLIANCE_OFFICER" || ctx.role === "ADMIN" ? "NOT_FOUND" : "FORBIDDEN";
      await expectAppError(getIncident(ctx, { incidentId }), expected);
      await expectAppError(saveIncidentAssessment(ctx, { incidentId, ...ALL_CHECKED, ...NOTES, conclusion: "LOW_PROBABILITY", intent: "assess" }), expected);
      await expectAppError(closeIncident(ctx, { incidentId, outcome: "NOT_REQUIRED" }), expected);
      if (expected === "NOT_FOUND") expect((await listIncidents(ctx)).map((i) => i.id)).not.toContain(incidentId);
    }
    expect(await incidentRow(a.org.id, incidentId)).toEqual(before);
  });
});

describe("an incident's group report", () => {
  it("must exist and be of the incident's own org: the database refuses any other (migration 20261206122000)", async () => {
    const { report: own } = await reportGroupPost(a.ctx.STAFF, { groupName: "Day shift", channel: "FACEBOOK", authorUserId: a.users.STAFF.id, text: "Thanks all for the potluck on Friday!" });
    const { report: other } = await reportGroupPost(b.ctx.STAFF, { groupName: "Day shift", channel: "FACEBOOK", authorUserId: b.users.STAFF.id, text: "Parking lot B closes at noon." });
    expect([own.incidentId, other.incidentId]).toEqual([null, null]);
    const discoveredAt = new Date();
    const row = (reportId: string) => ({ orgId: a.org.id, reportId, discoveredAt, deadlineAt: new Date(discoveredAt.getTime() + 60 * DAY_MS) });

    await expect(db().incident.create({ data: row(randomUUID()) })).rejects.toThrow(/Incident_reportId_fkey|foreign key/i);
    await expect(db().incident.create({ data: row(other.id) })).rejects.toThrow(/Incident_reportId_fkey|foreign key/i);
    expect(await db().incident.count({ where: { orgId: a.org.id, reportId: { in: [own.id, other.id] } } })).toBe(0);
    const created = await db().incident.create({ data: row(own.id) });
    expect(created.reportId).toBe(own.id);
    // Nor can an incident's report be switched to another org's afterwards.
    await expect(db().incident.update({ where: { id: created.id, orgId: a.org.id }, data: { reportId: other.id } })).rejects.toThrow(/Incident_reportId_fkey|foreign key/i);
  });
});
