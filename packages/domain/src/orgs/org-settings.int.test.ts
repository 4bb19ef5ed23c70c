import { db, disconnectDb } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { getApprovalPolicy, updateApprovalPolicy } from "../approvals/update-approval-policy";
import { updateOrgSettings } from "./update-org-settings";

let t: TestOrg;
beforeAll(async () => {
  t = await createOrgWithMembers();
});
afterAll(() => disconnectDb());

const orgRow = () => db().organization.findUniqueOrThrow({ where: { id: t.org.id } });

describe("updateOrgSettings", () => {
  it("refuses blank fields, naming each, and changes nothing", async () => {
    const before = await orgRow();
    const error = (await expectAppError(updateOrgSettings(t.ctx.ADMIN, { name: "   ", idleTimeoutMinutes: "" }), "VALIDATION")) as unknown as {
      fields: Record<string, string[]>;
    };
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["name", "idleTimeoutMinutes"]));
    expect(await orgRow()).toEqual(before);
    expect(await auditEventsFor(t.org.id, { action: "org.updated" })).toHaveLength(0);
  });

  it("writes no audit event when nothing changed, and says so", async () => {
    const before = await orgRow();
    const result = await updateOrgSettings(t.ctx.ADMIN, { name: before.name, idleTimeoutMinutes: String(before.idleTimeoutMinutes) });
    expect(result.changed).toEqual([]);
    expect(await auditEventsFor(t.org.id, { action: "org.updated" })).toHaveLength(0);
  });

  it("audits only the fields that really changed", async () => {
    const before = await orgRow();
    const result = await updateOrgSettings(t.ctx.ADMIN, { name: before.name, idleTimeoutMinutes: "20" });
    expect(result.changed).toEqual(["idleTimeoutMinutes"]);
    const events = await auditEventsFor(t.org.id, { action: "org.updated" });
    expect(events.map((e) => e.metadata)).toEqual([{ fields: ["idleTimeoutMinutes"] }]);
  });

  it("stores the revocation contact and time zone, refusing an unknown zone or a malformed email", async () => {
    await expectAppError(updateOrgSettings(t.ctx.ADMIN, { timeZone: "Mars/Olympus" }), "VALIDATION");
    await expectAppError(updateOrgSettings(t.ctx.ADMIN, { privacyEmail: "not-an-email" }), "VALIDATION");
    const result = await updateOrgSettings(t.ctx.ADMIN, {
      timeZone: "America/Chicago",
      privacyOfficer: "Privacy Desk",
      privacyAddress: "1 Main St, Springfield, IL 62701",
      privacyEmail: "privacy@example.org",
    });
    expect(result.changed.sort()).toEqual(["privacyAddress", "privacyEmail", "privacyOfficer", "timeZone"]);
    expect(await orgRow()).toMatchObject({ timeZone: "America/Chicago", privacyEmail: "privacy@example.org" });
  });
});

describe("updateApprovalPolicy", () => {
  it("saves a removed step, and an identical save writes no event", async () => {
    const two = [
      { mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"] },
      { mode: "ALL", userIds: [t.users.ADMIN.id], roles: [] },
    ];
    expect((await updateApprovalPolicy(t.ctx.ADMIN, { steps: two, blockingTypes: ["NAME"] })).changed).toBe(true);
    const one = [two[0]];
    expect((await updateApprovalPolicy(t.ctx.ADMIN, { steps: one, blockingTypes: ["NAME"] })).changed).toBe(true);
    expect((await getApprovalPolicy(t.ctx.ADMIN)).steps).toHaveLength(1);
    expect((await updateApprovalPolicy(t.ctx.ADMIN, { steps: one, blockingTypes: ["NAME"] })).changed).toBe(false);
    const events = await auditEventsFor(t.org.id, { action: "policy.updated" });
    expect(events.map((e) => (e.metadata as { steps: number }).steps)).toEqual([2, 1]);
  });
});
