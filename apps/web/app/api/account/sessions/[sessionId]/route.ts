import { currentRequestMeta } from "@vetted/auth";
import { revokeMySession } from "@vetted/domain";
import { accountRoute } from "@/lib/http";

// DELETE → ends one of the caller's own sessions (another user's id: 404).
export const DELETE = accountRoute(async (user, _request, { sessionId }) => {
  await revokeMySession(user.userId, { sessionId }, await currentRequestMeta());
  return { ok: true };
});
