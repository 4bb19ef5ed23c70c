import { buildEvidencePack } from "@vetted/domain";
import { downloadResponse } from "@/lib/download";
import { orgRoute, queryObject } from "@/lib/http";

// GET ?from=YYYY-MM-DD&to=YYYY-MM-DD → the period's evidence pack (ZIP with a manifest of SHA-256s);
// compliance officers only (manual.approve). The pack's own SHA-256 is in the audit trail and the header.
export const GET = orgRoute(async (ctx, request) => {
  const { bytes, sha256, filename } = await buildEvidencePack(ctx, queryObject(request));
  return downloadResponse({ body: bytes, mime: "application/zip", filename, sha256 });
}, { reauth: true });
