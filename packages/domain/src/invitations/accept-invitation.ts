import { ANY_ORG, db } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import type { RequestMeta } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "../auth/common-passwords";
import { hashPassword, verifyPassword } from "../auth/password";
import { guardPublicLink } from "../limits/guard-public-link";
import { parseInput } from "../validate";
import { hashInviteToken, looksLikeInviteToken } from "./tokens";

export const acceptInvitationSchema = z.object({
  token: z.string().refine(looksLikeInviteToken, "This invitation link is not valid"),
  name: z.string().trim().min(1, "Enter your name").max(120, "Name is too long").optional(),
  password: z.string().min(12, "Use at least 12 characters").max(200, "Password is too long"),
});

/**
 * Public look-up for the accept page: what org and role the link is for, and whether it still works.
 * An unknown link is a miss of the caller's IP (limits/guard-public-link.ts).
 */
export async function getInvitationByToken(token: string, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    if (!looksLikeInviteToken(token)) throw AppError.notFound("This invitation link is not valid");
    const invitation = await db().invitation.findFirst({
      where: { tokenHash: hashInviteToken(token), orgId: ANY_ORG },
      include: { org: { select: { name: true } } },
    });
    if (!invitation) throw AppError.notFound("This invitation link is not valid");
    const state = invitation.acceptedAt ? "accepted" : invitation.revokedAt ? "revoked" : invitation.expiresAt <= new Date() ? "expired" : "open";
    const existingUser = await db().user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    return { email: invitation.email, role: invitation.role, orgName: invitation.org.name, state, existingUser: !!existingUser };
  });
}

/**
 * Accepts an invitation once: a new user sets a name and password; an existing user proves the
 * account with its password. The row is claimed with a conditional update, so two concurrent
 * accepts of one link cannot both succeed.
 */
export async function acceptInvitation(input: unknown, request: RequestMeta) {
  // An IP over its budget of link misses is refused before the password is hashed or checked.
  return guardPublicLink(request, () => claimInvitation(input, request));
}

async function claimInvitation(input: unknown, request: RequestMeta) {
  const { token, name, password } = parseInput(acceptInvitationSchema, input);
  const tokenHash = hashInviteToken(token);
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { tokenHash, orgId: ANY_ORG } });
    if (!invitation) throw AppError.notFound("This invitation link is not valid");
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, orgId: invitation.orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) throw new AppError("GONE", "This invitation has expired, was revoked or was already used");
    let user = await tx.user.findUnique({ where: { email: invitation.email } });
    const newUser = !user;
    if (user) {
      if (!(await verifyPassword(password, user.passwordHash))) {
        throw new AppError("UNAUTHENTICATED", "That password does not match your existing account", { password: ["Wrong password"] });
      }
    } else {
      if (!name) throw new AppError("VALIDATION", "Some fields are invalid", { name: ["Enter your name"] });
      // A new account's password is a choice: it must not be a common one. (An existing user's is only proved above.)
      if (isCommonPassword(password)) throw new AppError("VALIDATION", "Some fields are invalid", { password: [COMMON_PASSWORD_MESSAGE] });
      user = await tx.user.create({ data: { email: invitation.email, name, passwordHash } });
    }
    const already = await tx.membership.findFirst({ where: { orgId: invitation.orgId, userId: user.id } });
    const membership = already ?? (await tx.membership.create({ data: { orgId: invitation.orgId, userId: user.id, role: invitation.role } }));
    await recordAuditEvent(tx, {
      orgId: invitation.orgId,
      actorId: user.id,
      action: "invitation.accepted",
      targetType: "Invitation",
      targetId: invitation.id,
      metadata: { membershipId: membership.id, role: membership.role, newUser },
      request,
    });
    return { email: user.email, orgId: invitation.orgId };
  });
}
