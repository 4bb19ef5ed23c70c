import { exportTrainingReport } from "@vetted/domain";
import { downloadResponse } from "@/lib/download";
import { orgRoute, queryObject } from "@/lib/http";

type Params = { orgSlug: string; report: string };

// GET ?format=csv|pdf → a training report (history, quiz, coverage) as a file; audited (training.report_exported).
export const GET = orgRoute<Params>(
  async (ctx, request, { report }) => downloadResponse(await exportTrainingReport(ctx, { ...queryObject(request), report })),
  { reauth: true }, // an evidence export, like the audit trail (issue 15)
);
