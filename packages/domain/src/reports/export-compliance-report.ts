import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { buildComplianceReport } from "./build-compliance-report";
import { renderReportCsv } from "./render-report-csv";
import { renderReportPdf } from "./render-report-pdf";
import { periodKeySchema } from "./report-period";

export const exportComplianceReportSchema = z.object({
  period: periodKeySchema,
  format: z.enum(["pdf", "csv"], { message: "Choose pdf or csv" }),
});

/**
 * The report as a file to download. Taking a copy of PHI out of the app is audited with the period,
 * the format, the file's SHA-256 and size and the overrides it carries (ids), never their text; the
 * route asks for a recent re-authentication first, like every other export.
 */
export async function exportComplianceReport(ctx: TenantContext, input: unknown, now: Date = new Date()) {
  const { period, format } = parseInput(exportComplianceReportSchema, input);
  const report = await buildComplianceReport(ctx, { period }, now);
  const body = format === "pdf" ? await renderReportPdf(report) : new TextEncoder().encode(renderReportCsv(report));
  const sha256 = createHash("sha256").update(body).digest("hex");
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "compliance_report.exported", targetType: "ComplianceReport", targetId: report.period.key,
      metadata: {
        period: report.period.key, format, bytes: body.length, sha256, overrides: report.overrides.length,
        overrideIds: report.overrides.slice(0, 50).map((o) => o.id), auditChainOk: report.audit.ok,
      },
      request: ctx.request,
    }),
  );
  return {
    body,
    sha256,
    mime: format === "pdf" ? "application/pdf" : "text/csv; charset=utf-8",
    filename: `compliance-report-${ctx.org.slug}-${report.period.key}.${format}`,
  };
}
