import { exportTrainingReport } from "@vetted/domain";
import { orgRoute, queryObject } from "@/lib/http";

type Params = { orgSlug: string; report: string };

// GET ?format=csv|pdf → a training report (history, quiz, coverage) as a file; audited (training.report_exported).
export const GET = orgRoute<Params>(async (ctx, request, { report }) => {
  const { body, mime, filename } = await exportTrainingReport(ctx, { ...queryObject(request), report });
  const bytes = typeof body === "string" ? body : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      "Content-Type": mime,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
}, { reauth: true }); // an evidence export, like the audit trail (issue 15)
