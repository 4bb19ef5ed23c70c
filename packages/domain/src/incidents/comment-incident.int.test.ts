import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { getComment } from "../moderation/get-comment";
import { sealField } from "../moderation/moderation-crypto";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { getIncident } from "./get-incident";
import { listIncidentEmployees } from "./list-incident-employees";
import { listIncidents } from "./list-incidents";
import { openIncident } from "./open-incident";

// The inbox's "Posted by our staff": a comment a workforce member wrote on the org's page becomes a
// breach incident with one button, linked both ways. Our own sentences.
const STAFF_COMMENT = "Thanks for asking! Mrs Adaeze Umeh from room 14 is recovering well after her bypass.";
const WORKFORCE_NAME = "Rosalind Night-Nurse";

let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

async function staffComment(org: TestOrg) {
  const account = await connectTestAccount(org.org.id, org.users.ADMIN.id);
  const id = randomUUID();
  await db().socialComment.create({
    data: {
      id, orgId: org.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${id.slice(0, 8)}`, lastEventAt: new Date(),
      textCipher: sealField(STAFF_COMMENT, "social-comment", org.org.id, id, "text"), textSha256: "0".repeat(64), verdict: "review", needsReview: true,
    },
  });
  return id;
}

describe("opening a breach incident from an inbox comment", () => {
  it("names a workforce member without an account (sealed), links comment and incident both ways, audits codes only", async () => {
    const commentId = await staffComment(a);
    const officer = a.ctx.COMPLIANCE_OFFICER;
    const before = await getComment(officer, { commentId });
    expect(before.incident).toBeNull();
    expect(before.may.openIncident).toBe(true);

    const { incidentId, created } = await openIncident(officer, { commentId, employeeName: `  ${WORKFORCE_NAME} ` });
    expect(created).toBe(true);
    const row = await db().incident.findFirstOrThrow({ where: { id: incidentId, orgId: a.org.id } });
    expect(row).toMatchObject({ commentId, reportId: null, employeeId: null, status: "OPEN", openedById: officer.user.id });
    expect(row.employeeNameCipher).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain("Rosalind");

    // Comment → incident, and incident → its comment.
    expect((await getComment(officer, { commentId })).incident).toMatchObject({ id: incidentId, status: "OPEN", deadlineAt: row.deadlineAt });
    const view = await getIncident(officer, { incidentId });
    expect(view).toMatchObject({ employee: WORKFORCE_NAME, employeeIsMember: false, comment: { id: commentId, platform: "FACEBOOK" }, report: null });
    const listed = (await listIncidents(officer)).find((i) => i.id === incidentId);
    expect(listed).toMatchObject({ source: "COMMENT", commentId, employee: null, employeeTyped: true });

    // The officers and admins are told; the trail has the opening on the incident and on the comment, without the name or the text.
    expect(await db().notification.count({ where: { orgId: a.org.id, kind: "incident_opened", userId: { in: [a.users.COMPLIANCE_OFFICER.id, a.users.ADMIN.id] } } })).toBe(2);
    const [opened] = await auditEventsFor(a.org.id, { action: "incident.opened", targetId: incidentId });
    expect(opened?.metadata).toEqual({ commentId, employeeId: null, employeeNamed: true, automatic: false });
    const [onComment] = await auditEventsFor(a.org.id, { action: "comment.incident_opened", targetId: commentId });
    expect(onComment).toMatchObject({ actorId: officer.user.id, targetType: "SocialComment", metadata: { incidentId, employeeId: null, employeeNamed: true } });
    expect(JSON.stringify(await auditEventsFor(a.org.id, { targetId: commentId }))).not.toMatch(/Rosalind|Umeh|bypass/);
  });

  it("opens one incident per comment however often (or concurrently) it is asked; the database refuses a second", async () => {
    const commentId = await staffComment(a);
    const results = await Promise.all([
      openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeId: a.users.STAFF.id }),
      openIncident(a.ctx.ADMIN, { commentId, employeeId: a.users.STAFF.id }),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0]!.incidentId).toBe(results[1]!.incidentId);
    expect(await openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeName: WORKFORCE_NAME })).toEqual({ incidentId: results[0]!.incidentId, created: false });
    expect(await db().incident.count({ where: { orgId: a.org.id, commentId } })).toBe(1);
    expect((await auditEventsFor(a.org.id, { action: "comment.incident_opened", targetId: commentId })).length).toBe(1);
    expect((await getIncident(a.ctx.COMPLIANCE_OFFICER, { incidentId: results[0]!.incidentId })).employee).toBe(a.users.STAFF.name);

    const now = new Date();
    const direct = { orgId: a.org.id, commentId, discoveredAt: now, deadlineAt: new Date(now.getTime() + 60 * 86_400_000) };
    await expect(db().incident.create({ data: direct })).rejects.toThrow(/Unique constraint|unique/i);
    // The comment must exist: the foreign key refuses an incident for a comment that is not there.
    await expect(db().incident.create({ data: { ...direct, commentId: randomUUID() } })).rejects.toThrow(/foreign key|Incident_commentId_fkey/i);
  });

  it("refuses a member and a typed name together, a name too long, and a non-member picked", async () => {
    const commentId = await staffComment(a);
    const both = await expectAppError(openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeId: a.users.STAFF.id, employeeName: WORKFORCE_NAME }), "VALIDATION");
    expect((both as unknown as { fields: Record<string, string[]> }).fields.employeeName).toBeDefined();
    const long = await expectAppError(openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeName: "x".repeat(201) }), "VALIDATION");
    expect((long as unknown as { fields: Record<string, string[]> }).fields.employeeName).toBeDefined();
    const outsider = await expectAppError(openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeId: b.users.STAFF.id }), "VALIDATION");
    expect((outsider as unknown as { fields: Record<string, string[]> }).fields.employeeId).toBeDefined();
    expect(await db().incident.count({ where: { orgId: a.org.id, commentId } })).toBe(0);
  });

  it("is for those who run incidents: others see no link and cannot open one; org B finds nothing", async () => {
    const commentId = await staffComment(a);
    const { incidentId } = await openIncident(a.ctx.ADMIN, { commentId, employeeName: WORKFORCE_NAME });
    const consultant = await getComment(a.ctx.CONSULTANT, { commentId });
    expect(consultant.incident).toBeNull();
    expect(consultant.may.openIncident).toBe(false);
    await expectAppError(openIncident(a.ctx.CONSULTANT, { commentId, employeeName: WORKFORCE_NAME }), "FORBIDDEN");
    await expectAppError(listIncidentEmployees(a.ctx.CONSULTANT), "FORBIDDEN");
    await expectAppError(openIncident(b.ctx.COMPLIANCE_OFFICER, { commentId, employeeName: WORKFORCE_NAME }), "NOT_FOUND");
    await expectAppError(getIncident(b.ctx.COMPLIANCE_OFFICER, { incidentId }), "NOT_FOUND");
    const staff = await listIncidentEmployees(a.ctx.COMPLIANCE_OFFICER);
    expect(staff.map((m) => m.id).sort()).toEqual(Object.values(a.users).map((u) => u.id).sort());
    expect(staff.map((m) => m.id)).not.toContain(b.users.STAFF.id);
  });
});
