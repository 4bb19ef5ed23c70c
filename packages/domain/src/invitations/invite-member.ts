import { mailEnv } from "@vetted/config";
import { Role } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { admitInvitation } from "../limits/limit-checks";
import { deliverMail, queueMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { INVITE_TTL_HOURS, newInviteToken } from "./tokens";

export const inviteMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254, "Email is too long"),
  role: z.enum(Role, { message: `Role must be one of ${Object.values(Role).join(", ")}` }),
});

/**
 * Invites someone to this org by email with a single-use link that expires in INVITE_TTL_HOURS.
 * Inviting the same address again replaces the earlier, still-open invitation. At most 20 an hour
 * per inviting user and 50 per org (limits/limit-table.ts), else 429.
 */
export async function inviteMember(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "members.invite");
  const { email, role } = parseInput(inviteMemberSchema, input);
  const existing = await ctx.db.membership.findFirst({ where: { user: { email } } });
  if (existing) throw new AppError("CONFLICT", "That person is already a member of this organization", { email: ["Already a member"] });
  // Counted once the invitation is going out: a typo or a refused address costs no budget.
  await admitInvitation(ctx);
  const { token, tokenHash } = newInviteToken();
  const link = `${mailEnv().APP_URL}/invite/${token}`;
  const { invitation, mailId } = await ctx.db.$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const invitation = await tx.invitation.create({
      data: {
        orgId: ctx.org.id,
        email,
        role,
        tokenHash,
        invitedById: ctx.user.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_HOURS * 3_600_000),
      },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "invitation.created",
      targetType: "Invitation",
      targetId: invitation.id,
      metadata: { role },
      request: ctx.request,
    });
    const mail = await queueMail(tx, {
      to: email,
      subject: `You're invited to ${ctx.org.name} on Vetted`,
      text: `${ctx.user.name} invited you to join ${ctx.org.name} on Vetted as ${role.toLowerCase().replace("_", " ")}.\n\nAccept within ${INVITE_TTL_HOURS} hours: ${link}\n\nIf you did not expect this, ignore this email.`,
    }, ctx.request);
    return { invitation, mailId: mail.id };
  });
  const delivery = await deliverMail(mailId);
  return { invitation: { id: invitation.id, email, role, expiresAt: invitation.expiresAt }, delivery };
}
