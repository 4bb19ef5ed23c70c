import type { ComplianceReport } from "./build-compliance-report";
import { MEASURES, type Figures } from "./report-measures";

// Test helpers of the report's renderers (only test files import this module): a report as
// buildComplianceReport returns it, with figures chosen by the test, so the PDF and CSV tests need no
// database. The integration test builds real ones.

export const figures = (values: Partial<Figures> = {}): Figures =>
  ({ ...Object.fromEntries(MEASURES.map((m) => [m.key, 0])), ...values }) as Figures;

export function sampleReport(over: Partial<ComplianceReport> = {}): ComplianceReport {
  return {
    org: { id: "00000000-0000-4000-8000-000000000001", name: "St. Brigid Regional Hospital", slug: "st-brigid", timeZone: "America/Chicago" },
    period: { key: "2026-11", label: "November 2026", from: "2026-11-01T05:00:00.000Z", to: "2026-12-01T06:00:00.000Z" },
    previous: { key: "2026-10", label: "October 2026", from: "2026-10-01T05:00:00.000Z", to: "2026-11-01T05:00:00.000Z" },
    partial: false,
    generatedAt: "2026-12-02T15:30:00.000Z",
    generatedBy: { id: "00000000-0000-4000-8000-000000000002", name: "Olivia Officer" },
    figures: figures({
      postsSubmitted: 17, postsApproved: 12, postsChangesRequested: 3, postsRejected: 1, scansCompleted: 20, scansBlocked: 5, blockedRatePercent: 25,
      findings: 31, decisions: 16, turnaroundMedianHours: 6.5, turnaroundP90Hours: 38.4, overrides: 2, consentsNew: 4, consentsExpiringNext30Days: 1, slaBreaches: 2, incidentsOpened: 1,
    }),
    trail: null,
    previousFigures: figures({ postsSubmitted: 11, postsApproved: 9, scansCompleted: 12, scansBlocked: 1, blockedRatePercent: 8.3, decisions: 9, turnaroundMedianHours: 12, turnaroundP90Hours: 30 }),
    findingTypes: [
      { type: "PERSON_NAME", count: 14, blocking: 6, previous: 4 },
      { type: "HEALTH_CONDITION", count: 9, blocking: 9, previous: 2 },
      { type: "DATE", count: 8, blocking: 0, previous: 10 },
    ],
    overrides: [
      {
        id: "00000000-0000-4000-8000-000000000003", at: "2026-11-12T21:00:00.000Z", postId: "00000000-0000-4000-8000-000000000004", officer: "Olivia Officer",
        findingType: "PERSON_NAME", reasonCode: "CONSENT_ON_FILE", reason: "Consent on file", justification: "Signed authorization on file, verified 11/10; \"OK to post\"", voided: false,
      },
      {
        id: "00000000-0000-4000-8000-000000000005", at: "2026-11-20T16:00:00.000Z", postId: "00000000-0000-4000-8000-000000000006", officer: "Omar Officer",
        findingType: "HEALTH_CONDITION", reasonCode: "OTHER", reason: "Other", justification: "=HYPERLINK(\"http://x\") staff wellness campaign, no patient", voided: true,
      },
    ],
    policyCoverage: { version: 2, people: 40, acknowledged: 30, pending: 6, overdue: 4, percent: 75 },
    audit: {
      ok: true, events: 1234, checkedAt: "2026-12-02T15:30:00.000Z", lastSeq: 1234, brokenAtSeq: null, reason: null,
      checkpoint: { status: "ok", seq: 1200, signedAt: "2026-12-02T15:00:00.000Z", keyId: "dev-1" }, purgedThroughSeq: null,
      statement: "Verified intact on 2026-12-02T15:30:00.000Z: all 1234 events of the organization's audit trail (up to event 1234) were recomputed and every hash link holds.",
    },
    ...over,
  };
}
