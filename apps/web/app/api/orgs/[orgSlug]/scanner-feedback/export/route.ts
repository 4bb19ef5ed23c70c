import { exportScannerFeedback } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

// The org's scanner feedback as labelled JSONL (eval SCHEMA.md). Nothing in the URL but the slug; the
// body holds post text, so it is an attachment that is never cached, and the read is audited.
export const GET = orgRoute(async (ctx) => {
  const { jsonl } = await exportScannerFeedback(ctx);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(jsonl, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="scanner-feedback-${ctx.org.slug}-${day}.jsonl"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
