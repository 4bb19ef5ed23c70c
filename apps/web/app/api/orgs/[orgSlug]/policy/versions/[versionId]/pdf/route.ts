import { downloadPolicyPdf } from "@vetted/domain";
import { downloadResponse } from "@/lib/download";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; versionId: string };

// GET → one version of the policy manual as a PDF (audited as manual.version.pdf_downloaded).
// Drafts and versions in review are found for editors and approvers only.
export const GET = orgRoute<Params>(async (ctx, _request, { versionId }) => {
  const { bytes, mime, filename } = await downloadPolicyPdf(ctx, { versionId });
  return downloadResponse({ body: bytes, mime, filename });
});
