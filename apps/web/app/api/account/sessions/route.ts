import { currentRequestMeta } from "@vetted/auth";
import { listMySessions, revokeMyOtherSessions } from "@vetted/domain";
import { accountRoute } from "@/lib/http";

// GET → the caller's live sessions; DELETE → ends all of them but the current one.
export const GET = accountRoute(async (user) => ({ sessions: await listMySessions(user.userId, user.sessionId) }));

export const DELETE = accountRoute(async (user) => revokeMyOtherSessions(user.userId, user.sessionId, await currentRequestMeta()));
