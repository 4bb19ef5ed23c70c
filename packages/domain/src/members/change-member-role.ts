import { Role } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { assertNotLastAdmin, findMemberOrThrow } from "./member-guards";

export const changeMemberRoleSchema = z.object({
  memberId: z.string().uuid("Not a valid member id"),
  role: z.enum(Role, { message: `Role must be one of ${Object.values(Role).join(", ")}` }),
});

export async function changeMemberRole(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "members.changeRole");
  const { memberId, role } = parseInput(changeMemberRoleSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const member = await findMemberOrThrow(tx, memberId);
    if (member.userId === ctx.user.id) throw new AppError("CONFLICT", "You cannot change your own role");
    if (member.role === role) return member;
    if (member.role === "ADMIN") await assertNotLastAdmin(tx, ctx, memberId);
    const updated = await tx.membership.update({ where: { id: memberId }, data: { role } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "member.role_changed",
      targetType: "Membership",
      targetId: memberId,
      metadata: { userId: member.userId, from: member.role, to: role },
      request: ctx.request,
    });
    return updated;
  });
}
