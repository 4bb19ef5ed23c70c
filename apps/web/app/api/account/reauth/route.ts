import { currentRequestMeta } from "@vetted/auth";
import { reauthenticate } from "@vetted/domain";
import { accountRoute, readJson } from "@/lib/http";

// POST { password } or { code } → { reauthAt }: answers a REAUTH_REQUIRED; sensitive actions then pass for a few minutes.
export const POST = accountRoute(async (user, request) => {
  const { reauthAt } = await reauthenticate(user.userId, user.sessionId, await readJson(request), await currentRequestMeta());
  return { reauthAt: reauthAt.toISOString() };
});
