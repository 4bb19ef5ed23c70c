import { ANY_ORG, db, type Tx } from "@vetted/db";
import { NO_REQUEST, type RequestMeta } from "../context";
import { auditUserEvent } from "./audit-user-event";

export const DEFAULT_IDLE_MINUTES = 15;
// Writing lastSeenAt on every request would make each page view a write; a minute of slack is fine.
const TOUCH_EVERY_MS = 30_000;

/** A user in several orgs gets the strictest idle timeout among them. */
export async function idleMinutesFor(tx: Tx, userId: string): Promise<number> {
  const memberships = await tx.membership.findMany({
    where: { userId, orgId: ANY_ORG },
    select: { org: { select: { idleTimeoutMinutes: true } } },
  });
  const values = memberships.map((m) => m.org.idleTimeoutMinutes);
  return values.length ? Math.min(...values) : DEFAULT_IDLE_MINUTES;
}

export async function startSession(tx: Tx, userId: string, request: RequestMeta) {
  const idleMinutes = await idleMinutesFor(tx, userId);
  // Signing in is itself a fresh authentication: a sensitive action right after needs no second prompt.
  return tx.userSession.create({
    data: { userId, idleMinutes, ip: request.ip, userAgent: request.userAgent?.slice(0, 400) ?? null, reauthAt: new Date() },
  });
}

export type SessionCheck =
  | { valid: true; userId: string; idleMinutes: number; lastSeenAt: Date }
  | { valid: false; reason: "unknown" | "ended" | "idle" };

/**
 * Called on every authenticated request: a session idle for longer than its timeout is ended
 * (and audited) here on the server, whatever the browser's timer did.
 */
export async function touchSession(sessionId: string, request: RequestMeta, now = new Date()): Promise<SessionCheck> {
  const session = await db().userSession.findUnique({ where: { id: sessionId } });
  if (!session) return { valid: false, reason: "unknown" };
  if (session.endedAt) return { valid: false, reason: "ended" };
  if (now.getTime() - session.lastSeenAt.getTime() > session.idleMinutes * 60_000) {
    await endSession(sessionId, "idle", request);
    return { valid: false, reason: "idle" };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return { valid: true, userId: session.userId, idleMinutes: session.idleMinutes, lastSeenAt: session.lastSeenAt };
}

/** Ends a session once; a second call (double sign-out, a race with the idle check) does nothing. */
export async function endSession(sessionId: string, reason: "signout" | "idle" | "revoked", request: RequestMeta): Promise<void> {
  await db().$transaction(async (tx) => {
    const ended = await tx.userSession.updateMany({
      where: { id: sessionId, endedAt: null },
      data: { endedAt: new Date(), endReason: reason },
    });
    if (ended.count === 0) return;
    const session = await tx.userSession.findUniqueOrThrow({ where: { id: sessionId } });
    await auditUserEvent(tx, session.userId, reason === "idle" ? "auth.idle_logoff" : "auth.signed_out", request, { sessionId });
  });
}

export type EndSessionsReason = "member_removed" | "password_reset" | "signed_out_everywhere";

/**
 * Ends every live session of a user (but `except`, the caller's own) inside the caller's
 * transaction: the rows are what the cookie names, so ending them signs the user out everywhere at
 * their next request.
 */
export async function endUserSessionsIn(tx: Tx, userId: string, reason: EndSessionsReason, request: RequestMeta, except?: string): Promise<number> {
  const ended = await tx.userSession.updateMany({
    where: { userId, endedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { endedAt: new Date(), endReason: "revoked" },
  });
  if (ended.count > 0) await auditUserEvent(tx, userId, "auth.sessions_revoked", request, { reason, count: ended.count });
  return ended.count;
}

/** The same in its own transaction: member removal, password reset, "sign out everywhere". */
export async function endUserSessions(userId: string, reason: EndSessionsReason, request: RequestMeta = NO_REQUEST): Promise<number> {
  return db().$transaction((tx) => endUserSessionsIn(tx, userId, reason, request));
}
