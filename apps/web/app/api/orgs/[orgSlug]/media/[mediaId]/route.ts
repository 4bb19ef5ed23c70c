import { getMediaFile } from "@vetted/domain";
import { orgRoute, queryObject } from "@/lib/http";

type Params = { orgSlug: string; mediaId: string };

// GET ?variant=display|original → the image bytes; every call is audited by getMediaFile.
export const GET = orgRoute<Params>(async (ctx, request, { mediaId }) => {
  const { bytes, mime } = await getMediaFile(ctx, { ...queryObject(request), mediaId });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      // Images may show PHI until approved: never cached by the browser or a proxy, never sniffed.
      "Cache-Control": "private, no-store",
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      // Opened directly, an uploaded file still never runs as a page of this origin.
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
});
