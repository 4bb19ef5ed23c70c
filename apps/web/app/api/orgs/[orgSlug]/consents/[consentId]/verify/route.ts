import { verifyConsent } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

// POST → { consent }: a compliance officer who opened the file and did not upload it confirms the fields.
export const POST = orgRoute<{ orgSlug: string; consentId: string }>(async (ctx, _request, { consentId }) => verifyConsent(ctx, { consentId }));
