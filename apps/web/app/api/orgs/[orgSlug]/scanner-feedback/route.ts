import { recordScannerFeedback } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

/** A compliance officer's label: { kind: "NOT_PHI", findingId } or { kind: "MISSED_PHI", revisionId, source?, start, end, type }. */
export const POST = orgRoute(async (ctx, request) => {
  const f = await recordScannerFeedback(ctx, await readJson(request));
  return { feedback: { id: f.id, kind: f.kind, revisionId: f.revisionId, findingId: f.findingId, source: f.source, start: f.start, end: f.end, type: f.type } };
});
