import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { addMember, createUser, uniq } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, testPasswordHash, type TestOrg } from "../testing";
import { approveTestVersion, rosterCsv } from "./ack-test-helpers";
import { importRoster } from "./import-roster";
import { listRoster } from "./list-roster";
import { previewRosterImport } from "./preview-roster-import";
import { setWorkforcePersonActive } from "./set-workforce-person-active";
import { syncRosterMembers } from "./sync-roster-members";

// The roster import: preview stores nothing, import is all or nothing, people are matched by email,
// members are synced in, and one org never sees or touches another's roster.

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

const persons = (org: TestOrg) => db().workforcePerson.findMany({ where: { orgId: org.org.id }, orderBy: { email: "asc" } });
const mail = (tag: string) => `${tag}.${uniq("p")}@example.org`.toLowerCase();

describe("roster import", () => {
  it("previews without storing, and refuses a file with bad rows as a whole, naming each row and field", async () => {
    const good = mail("good");
    const csv = rosterCsv([
      ["Grace Good", good, "Front desk", "Receptionist"],
      ["", mail("noname"), "Clinical", "Nurse"],
      ["Bad Address", "not-an-email", "Clinical", "Nurse"],
      ["Grace Again", good.toUpperCase(), "Clinical", "Nurse"],
    ]);
    const preview = await previewRosterImport(a.ctx.ADMIN, { csv });
    expect(preview.canImport).toBe(false);
    expect(preview.rows).toHaveLength(1);
    expect(preview.errors.map((e) => [e.row, e.field])).toEqual([[3, "name"], [4, "email"], [5, "email"]]);
    expect(await persons(a)).toEqual([]);

    const error = await expectAppError(importRoster(a.ctx.ADMIN, { csv }), "VALIDATION");
    expect(error.message).toMatch(/3 rows have errors: nothing was imported/);
    expect((error as unknown as { fields: Record<string, string[]> }).fields).toEqual({
      "rows.3.name": ["Name is missing"], "rows.4.email": ["Not a valid email address"], "rows.5.email": ["The same email as row 2: each person once"],
    });
    // Nothing half-imported: not the good row, not even the members' sync.
    expect(await persons(a)).toEqual([]);
    expect(await auditEventsFor(a.org.id, { action: "workforce.imported" })).toEqual([]);
  });

  it("refuses a 10 MB file with 413 naming the field, and a file without the header", async () => {
    const big = await expectAppError(importRoster(a.ctx.ADMIN, { csv: `name,email,department,role\n${"x".repeat(10 * 1024 * 1024)}` }), "PAYLOAD_TOO_LARGE");
    expect(Object.keys((big as unknown as { fields: object }).fields)).toEqual(["csv"]);
    await expectAppError(previewRosterImport(a.ctx.ADMIN, { csv: "Ana,ana@example.org,x,y" }), "VALIDATION");
    await expectAppError(importRoster(a.ctx.ADMIN, {}), "VALIDATION");
    expect(await persons(a)).toEqual([]);
  });

  it("imports, syncing members in; a second import updates by email (a member keeps the account's name)", async () => {
    const [ana, bo] = [mail("ana"), mail("bo")];
    const first = await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Ana Diaz", ana, "Front desk", "Receptionist"], ["Bo Li", bo, "Clinical", "Hygienist"]]) });
    expect(first).toEqual({ created: 2, updated: 0, unchanged: 0, assigned: 0 });
    const rows = await persons(a);
    expect(rows.filter((p) => p.source === "MEMBER")).toHaveLength(4);
    expect(rows.filter((p) => p.source === "CSV").map((p) => p.name).sort()).toEqual(["Ana Diaz", "Bo Li"]);

    const staff = a.users.STAFF;
    const second = await importRoster(a.ctx.COMPLIANCE_OFFICER, {
      csv: rosterCsv([["Ana Diaz-Ruiz", ana.toUpperCase(), "Front desk", "Office manager"], ["Bo Li", bo, "Clinical", "Hygienist"], ["Not My Name", staff.email, "Clinical", "Assistant"]]),
    });
    expect(second).toEqual({ created: 0, updated: 2, unchanged: 1, assigned: 0 });
    const after = await persons(a);
    expect(after.find((p) => p.email === ana)).toMatchObject({ name: "Ana Diaz-Ruiz", jobRole: "Office manager" });
    expect(after.find((p) => p.userId === staff.id)).toMatchObject({ name: staff.name, department: "Clinical", jobRole: "Assistant", source: "MEMBER" });

    const events = await auditEventsFor(a.org.id, { action: "workforce.imported" });
    expect(events.map((e) => e.metadata)).toContainEqual({ rows: 3, created: 0, updated: 2, unchanged: 1, assigned: 0 });
    // Ids and counts only: no names or addresses in the trail.
    const trail = JSON.stringify(await auditEventsFor(a.org.id, {}));
    expect(trail).not.toContain(ana);
    expect(trail).not.toContain("Ana Diaz");
  });

  it("gives people who join after an approval the current version, with their link by mail", async () => {
    await approveTestVersion(a);
    const cy = mail("cy");
    const result = await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Cy Ng", cy, "Billing", "Clerk"]]) });
    expect(result).toMatchObject({ created: 1, assigned: 1 });
    expect((await outboxMailsTo(cy)).filter((m) => m.text.includes("/ack/")).length).toBe(1);
    const list = await listRoster(a.ctx.ADMIN, {});
    expect(list.people.find((p) => p.email === cy)?.ack).toMatchObject({ state: "pending", linkLive: true, signedAt: null });

    // Deactivated, then back: nothing deleted, and no second assignment of the same version.
    const person = (await persons(a)).find((p) => p.email === cy)!;
    await setWorkforcePersonActive(a.ctx.ADMIN, { personId: person.id, active: "false" });
    expect((await listRoster(a.ctx.ADMIN, {})).people.map((p) => p.email)).not.toContain(cy);
    await setWorkforcePersonActive(a.ctx.ADMIN, { personId: person.id, active: "true" });
    expect(await db().policyAcknowledgement.count({ where: { orgId: a.org.id, personId: person.id } })).toBe(1);
    await expectAppError(setWorkforcePersonActive(a.ctx.ADMIN, { personId: (await persons(a)).find((p) => p.userId)!.id, active: false }), "CONFLICT");
  });

  it("links an imported person who becomes a member to their account, keeping department, role and acknowledgements", async () => {
    const eve = mail("eve");
    await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Eve Imported", eve, "Lab", "Technician"]]) });
    const before = (await persons(a)).find((p) => p.email === eve)!;
    const acks = await db().policyAcknowledgement.count({ where: { orgId: a.org.id, personId: before.id } });
    const user = await createUser({ passwordHash: await testPasswordHash(), email: eve, name: "Eve Account" });
    await addMember(a.org.id, user.id, "STAFF");
    expect(await syncRosterMembers(a.ctx.ADMIN)).toMatchObject({ joined: 1, deactivated: 0 });
    const after = await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, id: before.id } });
    expect(after).toMatchObject({ userId: user.id, source: "MEMBER", name: "Eve Account", department: "Lab", jobRole: "Technician", active: true });
    expect(await db().policyAcknowledgement.count({ where: { orgId: a.org.id, personId: before.id } })).toBe(acks);

    // Removed from the org: deactivated, not deleted.
    await db().membership.deleteMany({ where: { orgId: a.org.id, userId: user.id } });
    expect(await syncRosterMembers(a.ctx.ADMIN)).toMatchObject({ deactivated: 1 });
    expect(await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, id: before.id } })).toMatchObject({ active: false });
  });

  it("is for admins and compliance officers only", async () => {
    await expectAppError(previewRosterImport(a.ctx.STAFF, { csv: rosterCsv([["X", mail("x"), "", ""]]) }), "FORBIDDEN");
    await expectAppError(listRoster(a.ctx.CONSULTANT, {}), "FORBIDDEN");
    await expectAppError(syncRosterMembers(a.ctx.STAFF), "FORBIDDEN");
  });

  it("keeps each org's roster to itself", async () => {
    const shared = mail("shared");
    await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Dee Org A", shared, "Clinical", "Nurse"]]) });
    await importRoster(b.ctx.ADMIN, { csv: rosterCsv([["Dee Org B", shared, "Front desk", "Reception"]]) });
    const bList = await listRoster(b.ctx.ADMIN, {});
    expect(bList.people.map((p) => p.email)).not.toContain(a.users.ADMIN.email);
    expect(bList.people.find((p) => p.email === shared)?.name).toBe("Dee Org B");
    expect((await listRoster(a.ctx.ADMIN, {})).people.find((p) => p.email === shared)?.name).toBe("Dee Org A");
    const aPerson = (await persons(a)).find((p) => p.email === shared)!;
    await expectAppError(setWorkforcePersonActive(b.ctx.ADMIN, { personId: aPerson.id, active: false }), "NOT_FOUND");
    // B's preview sees only B's people: A's row reads as new for B... and B's own as an update.
    const preview = await previewRosterImport(b.ctx.ADMIN, { csv: rosterCsv([["Ana", a.users.STAFF.email, "", ""], ["Dee", shared, "", ""]]) });
    expect(preview.rows.map((r) => r.action)).toEqual(["create", "update"]);
  });
});
