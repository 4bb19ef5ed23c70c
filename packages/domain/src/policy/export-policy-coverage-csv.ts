import { assertCan } from "../access/permissions";
import { csvCell } from "../audit/export-audit-csv";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { getPolicyCoverage } from "./get-policy-coverage";

const COLUMNS = ["name", "email", "department", "role", "status", "dueAt", "signedAt", "signatureMethod", "quizAttempts", "lastScorePercent", "readSeconds", "version"] as const;

/**
 * The coverage report as CSV (RFC 4180, formula-looking cells defused): one row per active person for
 * the version in effect. Taking a copy of the register is audited (counts only).
 */
export async function exportPolicyCoverageCsv(ctx: TenantContext, now = new Date()): Promise<string> {
  assertCan(ctx, "manual.manage");
  const coverage = await getPolicyCoverage(ctx, now);
  const version = coverage.version ? String(coverage.version.number) : "";
  const iso = (d: Date | null) => (d ? d.toISOString() : "");
  const lines = [COLUMNS.join(",")];
  for (const p of coverage.people) {
    const record: Record<(typeof COLUMNS)[number], unknown> = {
      name: p.name, email: p.email, department: p.department, role: p.jobRole, status: p.state, dueAt: iso(p.dueAt), signedAt: iso(p.signedAt),
      signatureMethod: p.signatureMethod ?? "", quizAttempts: String(p.attempts), lastScorePercent: p.lastScorePercent === null ? "" : String(p.lastScorePercent),
      readSeconds: String(p.readSeconds), version,
    };
    lines.push(COLUMNS.map((c) => csvCell(record[c])).join(","));
  }
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "ack.coverage_exported", targetType: "PolicyManualVersion", targetId: coverage.version?.id ?? null, request: ctx.request,
      metadata: { rows: coverage.people.length, ...coverage.totals },
    }),
  );
  return `${lines.join("\r\n")}\r\n`;
}
