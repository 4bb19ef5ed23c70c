import { revokeInvitation } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

export const DELETE = orgRoute<{ orgSlug: string; invitationId: string }>(async (ctx, _request, { invitationId }) => {
  await revokeInvitation(ctx, { invitationId });
  return { ok: true };
});
