import { getGroupScreenshot } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; reportId: string };

// GET → a reported group post's screenshot (metadata stripped), for the officer's view; audited as
// group_report.screenshot_viewed. Served like the other stored files: never cached, never sniffed,
// never run as a page of this origin.
export const GET = orgRoute<Params>(async (ctx, _request, { reportId }) => {
  const { bytes, mime, filename } = await getGroupScreenshot(ctx, { reportId });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
});
