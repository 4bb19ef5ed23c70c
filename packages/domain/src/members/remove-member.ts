import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { assertNotLastAdmin, findMemberOrThrow } from "./member-guards";

export const removeMemberSchema = z.object({ memberId: z.string().uuid("Not a valid member id") });

/** Removes a user's access to this org; their past actions stay attributed in the audit trail. */
export async function removeMember(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "members.remove");
  const { memberId } = parseInput(removeMemberSchema, input);
  await ctx.db.$transaction(async (tx) => {
    const member = await findMemberOrThrow(tx, memberId);
    if (member.userId === ctx.user.id) throw new AppError("CONFLICT", "You cannot remove yourself; ask another admin");
    if (member.role === "ADMIN") await assertNotLastAdmin(tx, ctx, memberId);
    await tx.membership.delete({ where: { id: memberId } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "member.removed",
      targetType: "Membership",
      targetId: memberId,
      metadata: { userId: member.userId, role: member.role },
      request: ctx.request,
    });
  });
}
