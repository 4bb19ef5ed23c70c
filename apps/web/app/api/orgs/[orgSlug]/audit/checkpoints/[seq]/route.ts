import { downloadOrgAuditCheckpoint } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

// One checkpoint as signed JSON (payload, Ed25519 signature, public key and its id): checkable offline.
export const GET = orgRoute<{ orgSlug: string; seq: string }>(async (ctx, _request, params) => {
  const { document, filename } = await downloadOrgAuditCheckpoint(ctx, { seq: params.seq });
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
});
