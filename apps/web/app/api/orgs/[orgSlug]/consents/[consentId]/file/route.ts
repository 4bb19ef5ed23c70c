import { getConsentFile } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; consentId: string };

// GET → the signed file as uploaded (audited as consent.file_downloaded); ?download=1 saves it,
// otherwise it opens inline, which the consent page frames for its preview. That is why this path
// is left out of the global X-Frame-Options: DENY (next.config.ts) and allows same-origin framing only.
export const GET = orgRoute<Params>(async (ctx, request, { consentId }) => {
  const { bytes, mime, filename } = await getConsentFile(ctx, { consentId });
  const download = new URL(request.url).searchParams.get("download") === "1";
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename="${filename}"`,
      // Signed forms are PHI: never kept by the browser or a proxy, never sniffed as another type.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "SAMEORIGIN",
      // Whatever the file holds, it never runs as a page of this origin: no script, no requests.
      // (Some browsers then show a PDF only as a download; the page offers that link too.)
      "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'self'",
    },
  });
});
