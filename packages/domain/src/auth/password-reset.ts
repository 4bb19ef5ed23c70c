import { mailEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../context";
import { AppError, isAppError } from "../errors";
import { hashInviteToken, looksLikeInviteToken, newInviteToken } from "../invitations/tokens";
import { deliverMail, queueMail } from "../mail/send-mail";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { guardPublicLink, isUnknownToken } from "../limits/guard-public-link";
import { admitPasswordReset } from "../limits/limit-checks";
import { parseInput } from "../validate";
import { auditUserEvent } from "./audit-user-event";
import { newPasswordSchema } from "./common-passwords";
import { hashPassword } from "./password";
import { endUserSessionsIn } from "./sessions";

export const RESET_TTL_MINUTES = 30;

export const requestResetSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254, "Email is too long"),
});

const resetSchema = z.object({
  token: z.string().refine(looksLikeInviteToken, "This reset link is not valid"),
  password: newPasswordSchema,
});

/**
 * "Forgot password?": mails a single-use link valid 30 minutes to the address if it is a user's.
 * The answer is the same whether or not it is (no return value, same rate limit, an audit event
 * either way), so the form cannot be used to find out who has an account. A new link replaces the
 * previous one. Only the SHA-256 of the token is stored.
 */
export async function requestPasswordReset(input: unknown, request: RequestMeta, limiter?: AbuseLimiter): Promise<void> {
  const { email } = parseInput(requestResetSchema, input);
  // Before anything is looked up, so a refusal is the same for a known and an unknown address.
  await admitPasswordReset(email, request, limiter);
  const { token, tokenHash } = newInviteToken();
  const now = new Date();
  const mailId = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    // The address is not recorded for an unknown one: it may be anybody's.
    await auditUserEvent(tx, user?.id ?? null, "auth.password_reset_requested", request);
    if (!user) return null;
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000) } });
    const url = `${mailEnv().APP_URL}/reset-password/${token}`;
    const mail = await queueMail(tx, {
      to: email,
      subject: "Reset your Vetted password",
      text:
        `Someone asked to reset the password of your Vetted account. To choose a new one, open this link within ${RESET_TTL_MINUTES} minutes: ${url}\n\n` +
        "The link works once. Setting a new password signs you out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.",
    }, request);
    return mail.id;
  });
  if (mailId) await deliverMail(mailId);
}

/**
 * Whether a reset link still works, for the page that shows the form (no state change). A token
 * that matches no link counts as a miss of the caller's IP (limits/guard-public-link.ts).
 */
export async function checkResetToken(token: string, request: RequestMeta): Promise<"open" | "invalid"> {
  try {
    return await guardPublicLink(request, async () => {
      if (!looksLikeInviteToken(token)) throw unknownLink();
      const row = await db().passwordResetToken.findUnique({ where: { tokenHash: hashInviteToken(token) }, select: { usedAt: true, expiresAt: true } });
      if (!row) throw unknownLink();
      return !row.usedAt && row.expiresAt > new Date() ? "open" : "invalid";
    });
  } catch (error) {
    if (isUnknownToken(error)) return "invalid";
    throw error;
  }
}

const unknownLink = () => AppError.notFound("This reset link is not valid");
// The claim below cannot tell an unknown link from a used or expired one (all answer GONE): each
// counts as a miss, which a person retrying their own old link stays far below.
const isResetMiss = (e: unknown) => isUnknownToken(e) || (isAppError(e) && e.code === "GONE");

/**
 * Sets a new password from a reset link: the link is claimed with a conditional update, so it works
 * once even under concurrent submits; every session of the user ends (whoever had the old password
 * is signed out) and a lockout from failed sign-ins is lifted. Audited. An IP over its budget of
 * link misses is refused before the password is even hashed.
 */
export async function resetPassword(input: unknown, request: RequestMeta): Promise<{ email: string }> {
  return guardPublicLink(request, async () => {
    const { token, password } = parseInput(resetSchema, input);
    const passwordHash = await hashPassword(password);
    return db().$transaction(async (tx) => {
      const now = new Date();
      const tokenHash = hashInviteToken(token);
      const claimed = await tx.passwordResetToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      if (claimed.count === 0) throw new AppError("GONE", "This reset link has expired or was already used; ask for a new one");
      const { userId } = await tx.passwordResetToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
      const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null }, select: { email: true } });
      const ended = await endUserSessionsIn(tx, userId, "password_reset", request);
      await auditUserEvent(tx, userId, "auth.password_reset", request, { sessionsEnded: ended });
      return { email: user.email };
    });
  }, isResetMiss);
}
