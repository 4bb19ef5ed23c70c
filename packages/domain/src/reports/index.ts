// The per-client compliance report (issue 16), the feature's public surface. The report is PHI (it
// quotes override justifications): the web reaches it only through the two audited use cases, never
// through buildComplianceReport directly.
export { viewComplianceReport } from "./view-compliance-report";
export { exportComplianceReport, exportComplianceReportSchema } from "./export-compliance-report";
export type { ComplianceReport, PeriodView } from "./build-compliance-report";
export { mailMonthlyComplianceReports, MONTHLY_MAIL_DAYS, type MonthlyMailResult } from "./mail-monthly-reports";
export { MEASURES, formatChange, formatFigure, trend, unitOf, type Figures, type MeasureKey } from "./report-measures";
export { lastCompleteMonth, recentPeriods, periodKeySchema } from "./report-period";
export { summarySections, keyFigureLines, trailStartLine, typeLabel } from "./report-pdf-layout";
