import { db, disconnectDb } from "@vetted/db";
import { addMember, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxMailsTo } from "../mail/mails-to";
import { auditEventsFor, createOrgWithMembers, testPasswordHash, type TestOrg } from "../testing";
import { mailMonthlyComplianceReports, MONTHLY_MAIL_DAYS } from "./mail-monthly-reports";

// The monthly "report ready" mail: on the 1st in the org's zone, to each admin once, however often the
// sweep runs (twice in a row, or two workers at once), with a link and no figures.

let org: TestOrg;
let secondAdmin: { id: string; email: string };
const CHICAGO = "America/Chicago";
// January 1st, 06:00 in Chicago: December 2026 is the last whole month (the org was created before its end).
const JAN_1 = new Date("2027-01-01T12:00:00Z");

beforeAll(async () => {
  org = await createOrgWithMembers();
  await db().organization.update({ where: { id: org.org.id }, data: { timeZone: CHICAGO } });
  secondAdmin = await createUser({ passwordHash: await testPasswordHash() });
  await addMember(org.org.id, secondAdmin.id, "ADMIN");
});
afterAll(() => disconnectDb());

const mailsTo = async (email: string) => (await outboxMailsTo(email)).filter((m) => m.subject.startsWith("Compliance report for"));

describe("the monthly compliance report mail", () => {
  it("mails each admin once, whatever the number of runs, with a link and nothing from the report", async () => {
    const first = await mailMonthlyComplianceReports(JAN_1, { orgId: org.org.id });
    expect(first).toEqual({ orgs: 1, mails: 2 });
    // A rerun an hour later, and two workers at the same moment: nothing more.
    const again = await Promise.all([
      mailMonthlyComplianceReports(new Date(JAN_1.getTime() + 3_600_000), { orgId: org.org.id }),
      mailMonthlyComplianceReports(new Date(JAN_1.getTime() + 3_600_000), { orgId: org.org.id }),
    ]);
    expect(again).toEqual([{ orgs: 0, mails: 0 }, { orgs: 0, mails: 0 }]);

    for (const email of [org.users.ADMIN.email, secondAdmin.email]) {
      const mails = await mailsTo(email);
      expect(mails, email).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Compliance report for December 2026 is ready · ${org.org.name}`);
      expect(mails[0]!.text).toContain(`/orgs/${org.org.slug}/reports?period=2026-12`);
      expect(mails[0]!.text).not.toMatch(/\/api\/|\.pdf|\.csv/);
    }
    // Only admins: the compliance officer, consultant and staff member hear nothing.
    for (const role of ["COMPLIANCE_OFFICER", "CONSULTANT", "STAFF"] as const) expect(await mailsTo(org.users[role].email), role).toHaveLength(0);
    expect(await db().complianceReportMailing.findMany({ where: { orgId: org.org.id }, select: { period: true, recipients: true } })).toEqual([{ period: "2026-12", recipients: 2 }]);
    const audited = await auditEventsFor(org.org.id, { action: "compliance_report.mailed" });
    expect(audited.map((e) => e.metadata)).toEqual([{ period: "2026-12", recipients: 2 }]);
  });

  it("waits for the 1st in the org's zone and stops after the first days of the month", async () => {
    const other = await createOrgWithMembers();
    await db().organization.update({ where: { id: other.org.id }, data: { timeZone: CHICAGO } });
    // 03:00 UTC on January 1st is still December 31st in Chicago.
    expect(await mailMonthlyComplianceReports(new Date("2027-01-01T03:00:00Z"), { orgId: other.org.id })).toEqual({ orgs: 0, mails: 0 });
    // Past the catch-up days of February, nothing for January either.
    const late = new Date(Date.UTC(2027, 1, MONTHLY_MAIL_DAYS + 1, 18));
    expect(await mailMonthlyComplianceReports(late, { orgId: other.org.id })).toEqual({ orgs: 0, mails: 0 });
    // A worker down on the 1st still sends on the 2nd.
    expect(await mailMonthlyComplianceReports(new Date("2027-01-02T18:00:00Z"), { orgId: other.org.id })).toEqual({ orgs: 1, mails: 1 });
  });

  it("mails nobody about a month before the org existed", async () => {
    const fresh = await createOrgWithMembers();
    // Today's org has no report for last month.
    const firstOfThisMonth = new Date(Date.UTC(fresh.org.createdAt.getUTCFullYear(), fresh.org.createdAt.getUTCMonth(), 1, 18));
    expect(await mailMonthlyComplianceReports(firstOfThisMonth, { orgId: fresh.org.id })).toEqual({ orgs: 0, mails: 0 });
    expect(await db().complianceReportMailing.count({ where: { orgId: fresh.org.id } })).toBe(0);
  });
});
