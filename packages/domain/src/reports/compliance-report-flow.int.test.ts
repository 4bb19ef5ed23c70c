import { db, disconnectDb } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decidePost } from "../approvals/decide-post";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { buildComplianceReport } from "./build-compliance-report";
import { lastCompleteMonth, periodKey, zonedParts } from "./report-period";

// The report reads what the real use cases write: posts submitted, scanned by the real text scanner and
// decided by an officer (one approval over blocking findings, one request for changes), in the running
// month. The fixture test (build-compliance-report.int.test.ts) dates its records; this one checks
// that the audit events and rows it mimics are the ones the app produces.

const CLEAN = "Our flu shot clinic is open Saturday 9-1 in the main lobby. No appointment needed!";
const PHI = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";
const JUSTIFICATION = "Teodora asked us to share this and signed the form at the front desk";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
});
afterAll(() => disconnectDb());

async function scanned(text: string) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Flow post", text, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  return post;
}

describe("the report of the running month, from the real workflow", () => {
  it("counts the submissions and final decisions, times them, and lists the officer's overrides", async () => {
    const blocked = await scanned(PHI);
    const clean = await scanned(CLEAN);
    const blocking = await db().finding.findMany({ where: { orgId: org.org.id, postId: blocked.id, blocking: true, dismissedAt: null }, orderBy: { id: "asc" } });
    expect(blocking.length).toBeGreaterThan(0);
    await decidePost(org.ctx.COMPLIANCE_OFFICER, {
      postId: blocked.id, revision: 1, decision: "APPROVE", overrideJustification: JUSTIFICATION,
      overrides: Object.fromEntries(blocking.map((f) => [f.id, { reasonCode: "OTHER", justification: JUSTIFICATION }])),
    });
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: clean.id, revision: 1, decision: "REQUEST_CHANGES", comment: "Add the clinic's hours" });

    const now = new Date();
    const { year, month } = zonedParts(now, org.org.timeZone);
    const report = await buildComplianceReport(org.ctx.ADMIN, { period: periodKey("month", year, month) }, now);
    expect(report.partial).toBe(true);
    const verdicts = await db().scanJob.findMany({ where: { orgId: org.org.id, status: "SUCCEEDED" }, select: { verdict: true } });
    expect(report.figures).toMatchObject({
      postsSubmitted: 2, postsApproved: 1, postsChangesRequested: 1, postsRejected: 0, decisions: 2,
      scansCompleted: 2, scansBlocked: verdicts.filter((v) => v.verdict === "block").length, overrides: blocking.length,
    });
    expect(report.figures.turnaroundMedianHours).toBeGreaterThanOrEqual(0);
    expect(report.overrides.map((o) => ({ officer: o.officer, type: o.findingType, reason: o.reasonCode, justification: o.justification, voided: o.voided }))).toEqual(
      // One approval, one instant: listed by finding type.
      [...blocking].sort((x, y) => x.type.localeCompare(y.type)).map((f) => ({ officer: org.users.COMPLIANCE_OFFICER.name, type: f.type, reason: "OTHER", justification: JUSTIFICATION, voided: false })),
    );
    expect(report.findingTypes.reduce((n, t) => n + t.count, 0)).toBe(await db().finding.count({ where: { orgId: org.org.id } }));
    expect(report.audit.ok).toBe(true);
    // Last month: before this new org's audit trail began, so its posts are not on record; nothing else happened.
    const last = await buildComplianceReport(org.ctx.ADMIN, { period: lastCompleteMonth(now, org.org.timeZone) }, now);
    expect(last.figures).toMatchObject({ postsSubmitted: null, decisions: null, turnaroundMedianHours: null, scansCompleted: 0, blockedRatePercent: null });
    expect(last.trail?.from).toBeTruthy();
  });
});
