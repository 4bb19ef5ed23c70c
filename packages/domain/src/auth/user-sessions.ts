import { db } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { endSession, endUserSessionsIn } from "./sessions";

export interface ActiveSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/**
 * The person's own live sessions (not ended, not past their idle timeout), newest first. Only the
 * user's own rows: the query is keyed by the signed-in user id, never by an id from the request.
 */
export async function listMySessions(userId: string, currentSessionId: string, now = new Date()): Promise<ActiveSession[]> {
  const rows = await db().userSession.findMany({
    where: { userId, endedAt: null },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true, idleMinutes: true },
  });
  return rows
    .filter((r) => now.getTime() - r.lastSeenAt.getTime() <= r.idleMinutes * 60_000)
    .map(({ idleMinutes: _idle, ...r }) => ({ ...r, current: r.id === currentSessionId }));
}

export const revokeSessionSchema = z.object({ sessionId: z.string().uuid("Not a valid session id") });

/** Ends one of the person's sessions; another user's session id is NOT_FOUND, like an unknown one. */
export async function revokeMySession(userId: string, input: unknown, request: RequestMeta): Promise<void> {
  const { sessionId } = parseInput(revokeSessionSchema, input);
  const session = await db().userSession.findFirst({ where: { id: sessionId, userId }, select: { id: true } });
  if (!session) throw AppError.notFound("No such session");
  await endSession(session.id, "revoked", request);
}

/** "Sign out everywhere else": every live session of the person but the current one. */
export async function revokeMyOtherSessions(userId: string, currentSessionId: string, request: RequestMeta): Promise<{ ended: number }> {
  const ended = await db().$transaction((tx) => endUserSessionsIn(tx, userId, "signed_out_everywhere", request, currentSessionId));
  return { ended };
}
