import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";

export const revokeInvitationSchema = z.object({ invitationId: z.string().uuid("Not a valid invitation id") });

export async function revokeInvitation(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "members.invite");
  const { invitationId } = parseInput(revokeInvitationSchema, input);
  await ctx.db.$transaction(async (tx) => {
    const updated = await tx.invitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (updated.count === 0) throw AppError.notFound("Invitation not found or no longer open");
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "invitation.revoked",
      targetType: "Invitation",
      targetId: invitationId,
      request: ctx.request,
    });
  });
}
