import { db } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { auditUserEvent } from "./audit-user-event";
import { useSecondFactor } from "./mfa/second-factor";
import { verifyPassword } from "./password";
import { isRefused, refusedError, signInLimiter, type SignInLimiter } from "./signin-limiter";

/** How long a password or code re-entry covers sensitive actions (issue 15). */
export const REAUTH_MINUTES = 5;

export const reauthSchema = z
  .object({
    password: z.string().max(200, "Password is too long").optional(),
    code: z.string().trim().max(40, "Code is too long").optional(),
  })
  .refine((v) => Boolean(v.password || v.code), { message: "Enter your password or an authenticator code", path: ["password"] });

/**
 * Re-enters the password or a TOTP/recovery code in a live session and records it on the session
 * row. Throttled by the sign-in limiter under the account's email, so a stolen session cannot be
 * used to guess the password faster than the sign-in form allows.
 */
export async function reauthenticate(userId: string, sessionId: string, input: unknown, request: RequestMeta, limiter: SignInLimiter = signInLimiter()): Promise<{ reauthAt: Date }> {
  const { password, code } = parseInput(reauthSchema, input);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const admission = await limiter.admit(user.email, request.ip);
  if (isRefused(admission)) throw refusedError(admission);
  const now = new Date();
  const done = await db().$transaction(async (tx) => {
    const method = code ? await useSecondFactor(tx, userId, code, request, now) : (await verifyPassword(password ?? "", user.passwordHash)) ? "password" : null;
    if (!method) return false;
    const updated = await tx.userSession.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { reauthAt: now } });
    if (updated.count !== 1) throw new AppError("UNAUTHENTICATED", "ended");
    await auditUserEvent(tx, userId, "auth.reauthenticated", request, { sessionId, method });
    return true;
  });
  if (!done) {
    // Audited in its own transaction: the failure is what the trail must keep.
    await db().$transaction((tx) => auditUserEvent(tx, userId, code ? "auth.mfa_failed" : "auth.reauth_failed", request, { sessionId, during: "reauth", attempt: admission.attempt }));
    const wait = await limiter.waitAfterFailure(admission);
    if (wait !== null) throw refusedError({ retryAfterSeconds: wait });
    throw new AppError("VALIDATION", code ? "That code is not valid" : "That password is not correct", { [code ? "code" : "password"]: ["Not correct"] });
  }
  await limiter.succeeded(admission);
  return { reauthAt: now };
}

/**
 * Sensitive actions (role changes, override approvals, consent revocation, audit and evidence
 * exports) call this first: REAUTH_REQUIRED (401) when the session's last authentication is older
 * than REAUTH_MINUTES; the UI turns that code into a password/code prompt and retries.
 */
export async function assertRecentReauth(sessionId: string, now = new Date()): Promise<void> {
  const session = await db().userSession.findUnique({ where: { id: sessionId }, select: { reauthAt: true, endedAt: true } });
  if (!session || session.endedAt) throw new AppError("UNAUTHENTICATED", "ended");
  if (!session.reauthAt || now.getTime() - session.reauthAt.getTime() > REAUTH_MINUTES * 60_000) {
    throw new AppError("REAUTH_REQUIRED", `Confirm it is you: enter your password or an authenticator code (valid ${REAUTH_MINUTES} minutes)`);
  }
}
