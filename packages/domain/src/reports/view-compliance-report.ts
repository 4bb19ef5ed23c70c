import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { buildComplianceReport, type ComplianceReport } from "./build-compliance-report";

/**
 * The report page: the report of one period, and the view recorded in the audit trail (it quotes
 * override justifications: a PHI read). Ids, the period and counts only in the event.
 */
export async function viewComplianceReport(ctx: TenantContext, input: unknown, now: Date = new Date()): Promise<ComplianceReport> {
  const report = await buildComplianceReport(ctx, input, now);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "compliance_report.viewed", targetType: "ComplianceReport", targetId: report.period.key,
      metadata: { period: report.period.key, overrides: report.overrides.length, overrideIds: report.overrides.slice(0, 50).map((o) => o.id), auditChainOk: report.audit.ok },
      request: ctx.request,
    }),
  );
  return report;
}
