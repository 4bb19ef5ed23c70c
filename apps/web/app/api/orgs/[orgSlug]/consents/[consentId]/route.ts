import { getConsent, listConsentUsage } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

type Params = { orgSlug: string; consentId: string };

// GET → { consent (every element, decrypted; the view is audited), usage: { posts, removalTasks } }.
export const GET = orgRoute<Params>(async (ctx, _request, { consentId }) => {
  const { consent } = await getConsent(ctx, { consentId });
  return { consent, usage: await listConsentUsage(ctx, { consentId }) };
});
