import { exportComplianceReport } from "@vetted/domain/reports";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; period: string };

// GET → the compliance report of the period (2026-11, 2026-Q4) as a CSV file; admins and compliance officers
// (reports.view). It quotes override justifications (PHI): audited (compliance_report.exported) with its SHA-256.
export const GET = orgRoute<Params>(async (ctx, _request, { period }) => {
  const { body, mime, filename, sha256 } = await exportComplianceReport(ctx, { period, format: "csv" });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(body.length),
      "Content-Disposition": `attachment; filename="${filename}"`,
      "X-Content-SHA256": sha256,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
}, { reauth: true }); // PHI leaves the app: a recent re-authentication first, like every export (issue 15)
