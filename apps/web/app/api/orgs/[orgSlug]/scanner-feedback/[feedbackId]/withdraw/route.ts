import { withdrawScannerFeedback } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; feedbackId: string }>(async (ctx, _request, { feedbackId }) => {
  const f = await withdrawScannerFeedback(ctx, { feedbackId });
  return { feedback: { id: f.id, withdrawnAt: f.withdrawnAt } };
});
