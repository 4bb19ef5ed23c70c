import { revokeConsent } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

// POST { receivedAt, method } → { consent, sentBack, removalTasks }: the patient's written revocation.
export const POST = orgRoute<{ orgSlug: string; consentId: string }>(async (ctx, request, { consentId }) => {
  const body = await readJson(request);
  return revokeConsent(ctx, { ...(typeof body === "object" && body ? body : {}), consentId });
}, { reauth: true });
