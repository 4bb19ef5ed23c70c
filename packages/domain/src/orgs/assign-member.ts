import { db, Role } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import type { AgencyContext } from "./agency-context";

export const assignMemberSchema = z.object({
  orgId: z.string().uuid("Not a valid organization id"),
  userId: z.string().uuid("Not a valid user id"),
  role: z.enum(Role, { message: `Role must be one of ${Object.values(Role).join(", ")}` }),
});

/**
 * Agency admins staff their client orgs with agency people (consultants, compliance officers).
 * Both the org and the user must belong to the caller's agency; anything else is not found.
 */
export async function assignMember(ctx: AgencyContext, input: unknown) {
  const { orgId, userId, role } = parseInput(assignMemberSchema, input);
  return db().$transaction(async (tx) => {
    const org = await tx.organization.findFirst({ where: { id: orgId, agencyId: ctx.agencyId } });
    const user = await tx.user.findFirst({ where: { id: userId, agencyId: ctx.agencyId } });
    if (!org || !user) throw AppError.notFound();
    const existing = await tx.membership.findFirst({ where: { orgId, userId } });
    if (existing) throw new AppError("CONFLICT", "Already a member of this organization", { userId: ["Already a member"] });
    const membership = await tx.membership.create({ data: { orgId, userId, role } });
    await recordAuditEvent(tx, {
      orgId,
      actorId: ctx.user.id,
      action: "member.assigned",
      targetType: "Membership",
      targetId: membership.id,
      metadata: { userId, role },
      request: ctx.request,
    });
    return membership;
  });
}
