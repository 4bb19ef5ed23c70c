import { downloadPolicyPdf } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; versionId: string };

// GET → one version of the policy manual as a PDF (audited as manual.version.pdf_downloaded).
// Drafts and versions in review are found for editors and approvers only.
export const GET = orgRoute<Params>(async (ctx, _request, { versionId }) => {
  const { bytes, mime, filename } = await downloadPolicyPdf(ctx, { versionId });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
});
