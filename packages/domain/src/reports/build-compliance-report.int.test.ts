import { createHash } from "node:crypto";
import { db, disconnectDb } from "@vetted/db";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "../audit/record-audit-event";
import { writeAuditCheckpoint } from "../audit/write-audit-checkpoint";
import { pageText } from "../consents/pdf-text";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, type TestOrg } from "../testing";
import { buildComplianceReport, type ComplianceReport } from "./build-compliance-report";
import { exportComplianceReport } from "./export-compliance-report";
import { renderReportCsv } from "./render-report-csv";
import { lastCompleteMonth } from "./report-period";
import { EXPECTED, seedReportFixture, TZ } from "./report-fixture";
import { viewComplianceReport } from "./view-compliance-report";

// The compliance report against the real database: two months of known records in one org, the same
// records in a second org (which must never show), the previous period beside the current one, the
// turnaround, the overrides, the audit verification, and the files rendered from the result.

const NOW = new Date("2026-12-02T15:00:00Z");
let a: TestOrg;
let b: TestOrg;
let report: ComplianceReport;

async function inChicago(): Promise<TestOrg> {
  const o = await createOrgWithMembers();
  const org = await db().organization.update({ where: { id: o.org.id }, data: { timeZone: TZ } });
  const roles = Object.keys(o.ctx) as (keyof TestOrg["ctx"])[];
  return { ...o, org, ctx: Object.fromEntries(roles.map((r) => [r, createTenantContext(org, o.users[r], r)])) as TestOrg["ctx"] };
}

beforeAll(async () => {
  [a, b] = await Promise.all([inChicago(), inChicago()]);
  // Org B holds the same kind of records in the same months: any leak would double A's figures.
  await seedReportFixture(a, "ORG-A");
  await seedReportFixture(b, "ORG-B-ONLY");
  await writeAuditCheckpoint(a.org.id, { reason: "manual" });
  report = await buildComplianceReport(a.ctx.ADMIN, { period: "2026-11" }, NOW);
});
afterAll(() => disconnectDb());

describe("the compliance report of November 2026", () => {
  it("bounds the month in the org's zone and compares it with October", () => {
    expect(report.period).toEqual({ key: "2026-11", label: "November 2026", from: "2026-11-01T05:00:00.000Z", to: "2026-12-01T06:00:00.000Z" });
    expect(report.previous.key).toBe("2026-10");
    expect(report.partial).toBe(false);
    expect(report.generatedBy).toEqual({ id: a.users.ADMIN.id, name: a.users.ADMIN.name });
  });

  it("counts this period's and the previous period's records, boundaries included and excluded", () => {
    expect(report.figures).toMatchObject(EXPECTED.november);
    expect(report.previousFigures).toMatchObject(EXPECTED.october);
    expect(report.figures.auditEvents).toBeGreaterThanOrEqual(12);
  });

  it("ranks the finding types of the period's scans beside the previous period's counts", () => {
    expect(report.findingTypes).toEqual(EXPECTED.findingTypes);
  });

  it("lists every override with the officer's name, the finding type, the reason and the justification", () => {
    expect(report.overrides.map(({ officer, findingType, reasonCode, reason, justification, voided }) => ({ officer, findingType, reasonCode, reason, justification, voided }))).toEqual([
      { officer: a.users.COMPLIANCE_OFFICER.name, findingType: "PERSON_NAME", reasonCode: "OTHER", reason: "Other", justification: "ORG-A earlier wording, approved then withdrawn", voided: true },
      { officer: a.users.COMPLIANCE_OFFICER.name, findingType: "PERSON_NAME", reasonCode: "NOT_PHI_IN_CONTEXT", reason: "Not PHI in context", justification: 'ORG-A "Dana" is our staff nurse, not a patient, per HR', voided: false },
      { officer: a.users.COMPLIANCE_OFFICER.name, findingType: "HEALTH_CONDITION", reasonCode: "OTHER", reason: "Other", justification: "=1+1 ORG-A general wellness wording, no patient", voided: false },
    ]);
  });

  it("gives the policy coverage and the audit chain's verification against its checkpoint", async () => {
    const people = await db().policyAcknowledgement.count({ where: { orgId: a.org.id } });
    expect(report.policyCoverage).toMatchObject({ version: 1, people, acknowledged: 3 });
    expect(report.audit).toMatchObject({ ok: true, checkpoint: { status: "ok" } });
    expect(report.audit.statement).toMatch(/^Verified intact on 2026-12-02T15:00:00.000Z: all \d+ events .* It matches the latest signed checkpoint/);
  });

  it("never shows another org's records", () => {
    const text = JSON.stringify(report);
    expect(text).not.toContain("ORG-B-ONLY");
    expect(text).not.toContain(b.org.id);
    expect(text).not.toContain(b.users.COMPLIANCE_OFFICER.name);
  });

  it("reads a quarter as its three months, compared with the previous quarter", async () => {
    const q = await buildComplianceReport(a.ctx.COMPLIANCE_OFFICER, { period: "2026-Q4" }, NOW);
    expect(q.previous.key).toBe("2026-Q3");
    expect(q.partial).toBe(true);
    // October, November and December up to NOW, which holds the P4 rejection of December 1st.
    expect(q.figures.postsSubmitted).toBe(EXPECTED.november.postsSubmitted + EXPECTED.october.postsSubmitted);
    expect(q.figures.postsRejected).toBe(EXPECTED.november.postsRejected + 1);
    // Q3 ended before the org's trail (its oldest event is from October): its posts are not on record.
    expect(q.previousFigures.postsSubmitted).toBeNull();
    expect(q.previousFigures.scansCompleted).toBe(0);
    expect(Date.parse(q.trail!.from!)).toBeGreaterThanOrEqual(Date.parse(q.period.from));
  });

  it("says the trail began during October, the period compared with", () => {
    expect(Date.parse(report.trail!.from!)).toBeGreaterThanOrEqual(Date.parse(report.previous.from));
    expect(Date.parse(report.trail!.from!)).toBeLessThan(Date.parse(report.period.from));
    expect(report.previousFigures.postsSubmitted).not.toBeNull();
  });
});

describe("an org whose audit trail began after the period", () => {
  it("shows the period's posts and decisions as not on record, not zero, and says from when the trail is kept", async () => {
    const fresh = await createOrgWithMembers();
    const now = new Date();
    const period = lastCompleteMonth(now, fresh.org.timeZone);
    const notOnRecord = (r: ComplianceReport) => {
      for (const f of [r.figures, r.previousFigures]) {
        expect([f.postsSubmitted, f.postsApproved, f.postsRejected, f.decisions, f.turnaroundMedianHours]).toEqual([null, null, null, null, null]);
        expect([f.scansCompleted, f.overrides, f.consentsNew]).toEqual([0, 0, 0]);
      }
    };
    // The test helper writes the org's rows without audit events: its trail is empty.
    const empty = await buildComplianceReport(fresh.ctx.ADMIN, { period }, now);
    notOnRecord(empty);
    expect(empty.trail).toEqual({ from: null });
    // Its first event, now: both last month and the month before are before it.
    await db().$transaction((tx) => recordAuditEvent(tx, { orgId: fresh.org.id, actorId: fresh.users.ADMIN.id, action: "org.settings_changed", targetType: "Organization", targetId: fresh.org.id, metadata: {} }));
    const trail = await db().auditEvent.aggregate({ where: { orgId: fresh.org.id, chainKey: fresh.org.id }, _min: { createdAt: true } });
    const r = await buildComplianceReport(fresh.ctx.ADMIN, { period }, new Date());
    notOnRecord(r);
    expect(r.trail).toEqual({ from: trail._min.createdAt!.toISOString() });
    expect(renderReportCsv(r)).toContain(`Audit trail on record from,${r.trail!.from}`);
    // Org A's trail began in October: a December report compares with November, both on record.
    expect((await buildComplianceReport(a.ctx.ADMIN, { period: "2026-12" }, NOW)).trail).toBeNull();
  });
});

describe("who may read it, and bad periods", () => {
  it("is refused to consultants and staff", async () => {
    for (const role of ["CONSULTANT", "STAFF"] as const) await expectAppError(buildComplianceReport(a.ctx[role], { period: "2026-11" }, NOW), "FORBIDDEN");
  });

  it("answers a malformed, missing or future period with VALIDATION naming the field", async () => {
    for (const input of [{ period: "2026-13" }, { period: "2026-Q9" }, {}, { period: ["2026-11"] }, { period: "2027-01" }]) {
      const error = (await expectAppError(buildComplianceReport(a.ctx.ADMIN, input, NOW), "VALIDATION")) as Error & { fields?: Record<string, string[]> };
      expect(Object.keys(error.fields ?? {}), JSON.stringify(input)).toEqual(["period"]);
    }
  });
});

describe("views and downloads", () => {
  it("audits each view with the period and ids, never a justification", async () => {
    await viewComplianceReport(a.ctx.COMPLIANCE_OFFICER, { period: "2026-11" }, NOW);
    const [event] = (await auditEventsFor(a.org.id, { action: "compliance_report.viewed", userAgent: a.ctx.COMPLIANCE_OFFICER.request.userAgent! })).slice(-1);
    expect(event).toMatchObject({ actorId: a.users.COMPLIANCE_OFFICER.id, targetId: "2026-11", metadata: { period: "2026-11", overrides: 3, auditChainOk: true } });
    expect((event!.metadata as { overrideIds: string[] }).overrideIds).toEqual(report.overrides.map((o) => o.id));
    expect(JSON.stringify(event)).not.toContain("ORG-A");
  });

  it("renders the PDF with the figures, the overrides and the statement, and audits the copy with its SHA-256", async () => {
    const file = await exportComplianceReport(a.ctx.ADMIN, { period: "2026-11", format: "pdf" }, NOW);
    expect(file).toMatchObject({ mime: "application/pdf", filename: `compliance-report-${a.org.slug}-2026-11.pdf` });
    const doc = await PDFDocument.load(file.body);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const text = doc.getPages().map(pageText).join("\n");
    for (const expected of [a.org.name, "November 2026", "38.4 h", "10 h", "25 %", "50 %", "Verified intact on", `Page 1 of ${doc.getPageCount()}`]) {
      expect(text, expected).toContain(expected);
    }
    // Table cells wrap (a test user's long name even mid-word): compare without the line breaks.
    const flat = text.replace(/\s+/g, "");
    for (const expected of [a.users.COMPLIANCE_OFFICER.name, 'ORG-A"Dana"isourstaffnurse', "health condition", "Not PHI in context"]) expect(flat, expected).toContain(expected.replace(/\s+/g, ""));
    expect(text).not.toContain("ORG-B-ONLY");
    const [event] = (await auditEventsFor(a.org.id, { action: "compliance_report.exported", userAgent: a.ctx.ADMIN.request.userAgent! })).slice(-1);
    expect(event?.metadata).toMatchObject({ period: "2026-11", format: "pdf", bytes: file.body.length, sha256: createHash("sha256").update(file.body).digest("hex"), overrides: 3 });
  });

  it("renders the CSV with the same figures, the justification defused", async () => {
    const file = await exportComplianceReport(a.ctx.ADMIN, { period: "2026-11", format: "csv" }, NOW);
    expect(file.mime).toBe("text/csv; charset=utf-8");
    const csv = new TextDecoder().decode(file.body);
    expect(csv).toContain("\r\nPosts,Posts submitted for review,6,2,,,,,\r\n");
    expect(csv).toContain('\r\nTurnaround,"Submit to final decision, 90th percentile",38.4,4,,,,,\r\n');
    expect(csv).toContain("\r\nScans,Blocked rate,25,50,,,,,\r\n");
    // The justification starts like a formula and holds a comma: defused, then quoted.
    expect(csv).toContain(`,${a.users.COMPLIANCE_OFFICER.name},HEALTH_CONDITION,OTHER,"'=1+1 ORG-A general wellness wording, no patient"\r\n`);
    expect(csv).not.toContain("ORG-B-ONLY");
  });
});
