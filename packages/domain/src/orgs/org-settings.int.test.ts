import { db, disconnectDb } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { getApprovalPolicy, updateApprovalPolicy } from "../approvals/update-approval-policy";
import { getOrgSettings } from "./get-org-settings";
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

describe("comment moderation settings", () => {
  it("defaults to auto-hide on, six years of snapshots and a 4-hour first response", async () => {
    const org = await createOrgWithMembers();
    expect(await getOrgSettings(org.ctx.ADMIN)).toMatchObject({ autoHideBlocking: true, commentRetentionDays: 2190, firstResponseSlaMinutes: 240 });
  });

  it("refuses less than six years of snapshots and an SLA outside 30 minutes–7 days, naming each field", async () => {
    const org = await createOrgWithMembers();
    const before = await db().organization.findUniqueOrThrow({ where: { id: org.org.id } });
    const error = (await expectAppError(
      updateOrgSettings(org.ctx.ADMIN, { commentRetentionDays: "365", firstResponseSlaMinutes: "10", autoHideBlocking: "maybe" }),
      "VALIDATION",
    )) as unknown as { fields: Record<string, string[]> };
    expect(error.fields.commentRetentionDays?.[0]).toMatch(/At least 2190 days.*six years/);
    expect(error.fields.firstResponseSlaMinutes?.[0]).toMatch(/At least 30 minutes/);
    expect(error.fields.autoHideBlocking?.[0]).toMatch(/on or off/);
    for (const [field, value, message] of [
      ["commentRetentionDays", "", /number of days/], ["commentRetentionDays", "36501", /At most/], ["commentRetentionDays", "2190.5", /Whole/],
      ["firstResponseSlaMinutes", "10081", /7 days/], ["firstResponseSlaMinutes", "abc", /number of minutes/],
    ] as const) {
      const e = (await expectAppError(updateOrgSettings(org.ctx.ADMIN, { [field]: value }), "VALIDATION")) as unknown as { fields: Record<string, string[]> };
      expect(e.fields[field]?.[0]).toMatch(message);
    }
    expect(await db().organization.findUniqueOrThrow({ where: { id: org.org.id } })).toEqual(before);
    await expectAppError(updateOrgSettings(org.ctx.COMPLIANCE_OFFICER, { firstResponseSlaMinutes: "60" }), "FORBIDDEN");
  });

  it("saves them as a form sends them, auditing only real changes", async () => {
    const org = await createOrgWithMembers();
    // The form: a hidden "false" and, when the box is ticked, "on" after it.
    const form = (ticked: boolean, days: string, minutes: string) => ({ autoHideBlocking: ticked ? ["false", "on"] : "false", commentRetentionDays: days, firstResponseSlaMinutes: minutes });
    expect((await updateOrgSettings(org.ctx.ADMIN, form(true, "2190", "240"))).changed).toEqual([]);
    const off = await updateOrgSettings(org.ctx.ADMIN, form(false, "2555", "60"));
    expect(off.changed.sort()).toEqual(["autoHideBlocking", "commentRetentionDays", "firstResponseSlaMinutes"]);
    expect(off.org).toMatchObject({ autoHideBlocking: false, commentRetentionDays: 2555, firstResponseSlaMinutes: 60 });
    expect((await updateOrgSettings(org.ctx.ADMIN, form(false, "2555", "60"))).changed).toEqual([]);
    expect((await updateOrgSettings(org.ctx.ADMIN, { autoHideBlocking: true })).changed).toEqual(["autoHideBlocking"]);
    // Delete-where-hiding-is-impossible (LinkedIn) is off by default and saved the same way.
    expect((await getOrgSettings(org.ctx.ADMIN)).autoDeleteBlocking).toBe(false);
    expect((await updateOrgSettings(org.ctx.ADMIN, { autoDeleteBlocking: ["false", "on"] })).changed).toEqual(["autoDeleteBlocking"]);
    expect((await getOrgSettings(org.ctx.ADMIN)).autoDeleteBlocking).toBe(true);
    const events = await auditEventsFor(org.org.id, { action: "org.updated" });
    expect(events.map((e) => (e.metadata as { fields: string[] }).fields.sort())).toEqual([
      ["autoHideBlocking", "commentRetentionDays", "firstResponseSlaMinutes"],
      ["autoHideBlocking"],
      ["autoDeleteBlocking"],
    ]);
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
