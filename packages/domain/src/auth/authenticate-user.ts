import { db } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import type { RequestMeta } from "../context";
import { parseInput } from "../validate";
import { auditUserEvent } from "./audit-user-event";
import { burnPasswordCheck, verifyPassword } from "./password";
import { useSecondFactor } from "./mfa/second-factor";
import { startSession } from "./sessions";
import { isRefused, refusedError, signInLimiter, type Refusal, type SignInLimiter } from "./signin-limiter";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200, "Password is too long"),
  /** The authenticator (or recovery) code, for a user with MFA; blank on the first step of the form. */
  code: z.string().trim().max(40, "Code is too long").optional().transform((v) => v || undefined),
});

/**
 * The password was right and the account has MFA: "required" asks the form for a code, "invalid"
 * says the code given was wrong (or already used). Both are UNAUTHENTICATED, so a caller that does
 * not know about MFA still refuses the sign-in.
 */
export class SecondFactorError extends AppError {
  constructor(readonly kind: "required" | "invalid") {
    super("UNAUTHENTICATED", kind === "required" ? "Enter the code from your authenticator app" : "That code is not valid");
  }
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  sessionId: string;
  idleMinutes: number;
}

/**
 * Checks email and password, throttled by the sign-in limiter (signin-limiter.ts) on both the IP and
 * the entered email. An unknown email and a real account get exactly the same answers, including
 * when throttled: the limiter is keyed by the email, not by the user row. Everything Auth.js does
 * with credentials (its own callback endpoint and our sign-in action) goes through here.
 */
export async function authenticateUser(input: unknown, request: RequestMeta, limiter: SignInLimiter = signInLimiter()): Promise<AuthenticatedUser> {
  const { email, password, code } = parseInput(credentialsSchema, input);
  const admission = await limiter.admit(email, request.ip);
  if (isRefused(admission)) {
    await auditRefusal(email, admission, request);
    throw refusedError(admission);
  }
  const user = await db().user.findUnique({ where: { email } });
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    if (!user) await burnPasswordCheck(password);
    const wait = await limiter.waitAfterFailure(admission);
    await db().$transaction(async (tx) => {
      const metadata = user ? { reason: "bad_password", attempt: admission.attempt } : { reason: "unknown_email" };
      await auditUserEvent(tx, user?.id ?? null, "auth.signin_failed", request, metadata);
      if (wait !== null) await auditUserEvent(tx, user?.id ?? null, "auth.throttled", request, { attempt: admission.attempt, retryAfterSeconds: wait });
    });
    // The failure that starts a wait says so, so the real user knows to pause rather than retry.
    if (wait !== null) throw refusedError({ retryAfterSeconds: wait });
    throw new AppError("UNAUTHENTICATED", "Email or password is incorrect");
  }
  const now = new Date();
  // With MFA the limiter's attempt stays counted until the code is right: guessing codes is
  // throttled exactly like guessing passwords (same account key, same growing wait).
  const mfa = await db().userMfa.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  if (mfa?.enabledAt && !code) throw new SecondFactorError("required");
  const session = await db().$transaction(async (tx) => {
    const factor = mfa?.enabledAt && code ? await useSecondFactor(tx, user.id, code, request, now) : null;
    if (mfa?.enabledAt && !factor) return null;
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    const s = await startSession(tx, user.id, request);
    await auditUserEvent(tx, user.id, "auth.signed_in", request, { sessionId: s.id, ...(factor ? { factor } : {}) });
    return s;
  });
  if (!session) {
    const wait = await limiter.waitAfterFailure(admission);
    await db().$transaction(async (tx) => {
      await auditUserEvent(tx, user.id, "auth.mfa_failed", request, { during: "signin", attempt: admission.attempt });
      if (wait !== null) await auditUserEvent(tx, user.id, "auth.throttled", request, { attempt: admission.attempt, retryAfterSeconds: wait });
    });
    if (wait !== null) throw refusedError({ retryAfterSeconds: wait });
    throw new SecondFactorError("invalid");
  }
  await limiter.succeeded(admission);
  return { id: user.id, email: user.email, name: user.name, sessionId: session.id, idleMinutes: session.idleMinutes };
}

/**
 * A refused attempt is audited against the account when the email names one (ids only, as for a
 * failure), in the platform chain otherwise; an IP over budget is audited once per window.
 */
async function auditRefusal(email: string, refusal: Refusal, request: RequestMeta): Promise<void> {
  if (refusal.scope === "ip") {
    if (!refusal.firstRefusal) return;
    await db().$transaction((tx) => auditUserEvent(tx, null, "auth.rate_limited", request, { scope: "ip", retryAfterSeconds: refusal.retryAfterSeconds }));
    return;
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  await db().$transaction((tx) =>
    auditUserEvent(tx, user?.id ?? null, "auth.rate_limited", request, { scope: "account", retryAfterSeconds: refusal.retryAfterSeconds }),
  );
}
