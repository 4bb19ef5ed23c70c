import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { exportPolicyCoverageCsv } from "./export-policy-coverage-csv";
import { getPolicyCoverage } from "./get-policy-coverage";
import { coveragePdf, quizResultsCsv, quizResultsPdf, trainingCsv, trainingHistoryPdf } from "./training-report-files";
import { loadQuizResults, loadTrainingHistory, trainingRows } from "./training-reports";

export const TRAINING_REPORTS = ["history", "quiz", "coverage"] as const;

export const exportTrainingReportSchema = z.object({
  report: z.enum(TRAINING_REPORTS, { message: "Choose history, quiz or coverage" }),
  format: z.enum(["csv", "pdf"], { message: "Choose csv or pdf" }),
});

/**
 * A training report as CSV or PDF: the training history of every person, the quiz results per version,
 * or the coverage of the version in effect (its CSV is export-policy-coverage-csv.ts). The records name
 * people, so taking a copy is audited (which report, format, how many rows).
 */
export async function exportTrainingReport(ctx: TenantContext, input: unknown, now = new Date()) {
  assertCan(ctx, "manual.manage");
  const { report, format } = parseInput(exportTrainingReportSchema, input);
  const filename = `policy-${report}-${ctx.org.slug}-${now.toISOString().slice(0, 10)}.${format}`;
  // The coverage CSV has its own export (and audit event).
  if (report === "coverage" && format === "csv") return { body: await exportPolicyCoverageCsv(ctx, now), mime: "text/csv; charset=utf-8", filename };
  const frame = { orgName: ctx.org.name, generatedAt: now, timeZone: ctx.org.timeZone };
  let body: string | Uint8Array;
  let rows: number;
  if (report === "history") {
    const history = await loadTrainingHistory(ctx);
    rows = history.length;
    body = format === "csv" ? trainingCsv(trainingRows(history)) : await trainingHistoryPdf(frame, history);
  } else if (report === "quiz") {
    const results = await loadQuizResults(ctx);
    rows = results.length;
    body = format === "csv" ? quizResultsCsv(results) : await quizResultsPdf(frame, results);
  } else {
    const coverage = await getPolicyCoverage(ctx, now);
    rows = coverage.people.length;
    body = await coveragePdf(frame, coverage);
  }
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "training.report_exported", targetType: "PolicyManual", targetId: null, metadata: { report, format, rows }, request: ctx.request }),
  );
  return { body, mime: format === "csv" ? "text/csv; charset=utf-8" : "application/pdf", filename };
}
