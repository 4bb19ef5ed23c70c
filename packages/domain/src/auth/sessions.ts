import { acrossOrgs, ANY_ORG, db, pgDirect, rawSql, type Tx } from "@vetted/db";
import { NO_REQUEST, type RequestMeta } from "../context";
import { isUuid } from "../validate";
import { auditUserEvent } from "./audit-user-event";
import { MFA_POLICY_ROLES } from "./mfa/mfa-policy";

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
  | {
      valid: true; userId: string; idleMinutes: number; lastSeenAt: Date;
      /** mfa-policy.ts's mfaEnrolmentDue, read with the session: an org requires MFA of the user, who has none yet. */
      mfaEnrolmentDue: boolean;
    }
  | { valid: false; reason: "unknown" | "ended" | "idle" };


interface SessionRow {
  userId: string;
  idleMinutes: number;
  lastSeenAt: Date;
  ended: boolean;
  mfaEnrolmentDue: boolean;
}

/**
 * The session and the user's MFA rule in one statement on the pg pool: every page and route asks, and as
 * three Prisma reads they were a fifth of a plain page's database round trips (bench:pages). The MFA part
 * is mfaRequiredFor and mfaEnabledFor in SQL (mfa.int.test.ts checks they agree); it reads the user's own
 * memberships in every org, as they do.
 */
async function readSession(sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await rawSql(pgDirect(), acrossOrgs("a session's user and their own memberships in every org: the strictest org's MFA rule")).query<SessionRow[]>`
    SELECT s."userId"::text AS "userId", s."idleMinutes", s."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt", s."endedAt" IS NOT NULL AS ended,
      (EXISTS (
        SELECT 1 FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId"
        WHERE m."userId" = s."userId" AND m.role::text = ANY(${[...MFA_POLICY_ROLES]}::text[]) AND o."requireMfaForAdmins"
      ) AND NOT EXISTS (SELECT 1 FROM "UserMfa" u WHERE u."userId" = s."userId" AND u."enabledAt" IS NOT NULL)) AS "mfaEnrolmentDue"
    FROM "UserSession" s WHERE s.id = ${sessionId}::uuid`;
  return row;
}

/**
 * Called on every authenticated request: a session idle for longer than its timeout is ended
 * (and audited) here on the server, whatever the browser's timer did.
 */
export async function touchSession(sessionId: string, request: RequestMeta, now = new Date()): Promise<SessionCheck> {
  const session = isUuid(sessionId) ? await readSession(sessionId) : undefined;
  if (!session) return { valid: false, reason: "unknown" };
  if (session.ended) return { valid: false, reason: "ended" };
  if (now.getTime() - session.lastSeenAt.getTime() > session.idleMinutes * 60_000) {
    await endSession(sessionId, "idle", request);
    return { valid: false, reason: "idle" };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return { valid: true, userId: session.userId, idleMinutes: session.idleMinutes, lastSeenAt: session.lastSeenAt, mfaEnrolmentDue: session.mfaEnrolmentDue };
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
