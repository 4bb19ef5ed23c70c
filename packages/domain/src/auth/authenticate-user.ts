import { db } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import type { RequestMeta } from "../context";
import { parseInput } from "../validate";
import { auditUserEvent } from "./audit-user-event";
import { burnPasswordCheck, verifyPassword } from "./password";
import { startSession } from "./sessions";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200, "Password is too long"),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  sessionId: string;
  idleMinutes: number;
}

/**
 * Checks email and password, with a lockout after MAX_FAILED_ATTEMPTS consecutive failures. The
 * answer for an unknown email and a wrong password is the same INVALID message, and a locked
 * account stays locked even when the right password arrives.
 */
export async function authenticateUser(input: unknown, request: RequestMeta): Promise<AuthenticatedUser> {
  const { email, password } = parseInput(credentialsSchema, input);
  const user = await db().user.findUnique({ where: { email } });
  if (!user) {
    await burnPasswordCheck(password);
    await db().$transaction((tx) => auditUserEvent(tx, null, "auth.signin_failed", request, { reason: "unknown_email" }));
    throw new AppError("UNAUTHENTICATED", "Email or password is incorrect");
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await db().$transaction((tx) => auditUserEvent(tx, user.id, "auth.signin_refused_locked", request));
    throw lockedError(user.lockedUntil);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failures = await db().$transaction(async (tx) => {
      // Increment in SQL so concurrent guesses cannot each read the same old count.
      const updated = await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } } });
      await auditUserEvent(tx, user.id, "auth.signin_failed", request, { reason: "bad_password", attempt: updated.failedLoginCount });
      if (updated.failedLoginCount >= MAX_FAILED_ATTEMPTS) {
        const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
        await tx.user.update({ where: { id: user.id }, data: { lockedUntil, failedLoginCount: 0 } });
        await auditUserEvent(tx, user.id, "auth.locked_out", request, { minutes: LOCKOUT_MINUTES });
        return { lockedUntil };
      }
      return { lockedUntil: null };
    });
    if (failures.lockedUntil) throw lockedError(failures.lockedUntil);
    throw new AppError("UNAUTHENTICATED", "Email or password is incorrect");
  }
  const session = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    const s = await startSession(tx, user.id, request);
    await auditUserEvent(tx, user.id, "auth.signed_in", request, { sessionId: s.id });
    return s;
  });
  return { id: user.id, email: user.email, name: user.name, sessionId: session.id, idleMinutes: session.idleMinutes };
}

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError("LOCKED", `Too many failed attempts. This account is locked; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}
