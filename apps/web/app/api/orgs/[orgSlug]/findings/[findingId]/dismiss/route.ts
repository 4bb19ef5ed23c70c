import { dismissFinding } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; findingId: string }>(async (ctx, request, { findingId }) => {
  const body = await readJson(request);
  const finding = await dismissFinding(ctx, { ...(typeof body === "object" && body ? body : {}), findingId });
  return { finding: { id: finding.id, dismissedAt: finding.dismissedAt } };
});
