import { exportComplianceReport } from "@vetted/domain/reports";
import { downloadResponse } from "@/lib/download";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; period: string };

// GET → the compliance report of the period (2026-11, 2026-Q4) as a CSV file; admins and compliance officers
// (reports.view). It quotes override justifications (PHI): audited (compliance_report.exported) with its SHA-256.
export const GET = orgRoute<Params>(
  async (ctx, _request, { period }) => downloadResponse(await exportComplianceReport(ctx, { period, format: "csv" })),
  { reauth: true }, // PHI leaves the app: a recent re-authentication first, like every export (issue 15)
);
