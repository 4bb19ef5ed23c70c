import { db, scopedDb } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { endUserSessionsIn } from "../auth/sessions";
import { assertNotLastAdmin, findMemberOrThrow } from "./member-guards";

export const removeMemberSchema = z.object({ memberId: z.string().uuid("Not a valid member id") });

/**
 * Removes a user's access to this org; their past actions stay attributed in the audit trail.
 * Their sessions are ended at once (issue 15), whatever other orgs they belong to: a removal is
 * often a departure, and a session opened while they had this org's access should not outlive it.
 * They sign in again for their other orgs.
 */
export async function removeMember(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "members.remove");
  const { memberId } = parseInput(removeMemberSchema, input);
  // The unscoped transaction is for the user's memberships and sessions across orgs; everything
  // about this org goes through the scoped view of the same transaction.
  await db().$transaction(async (raw) => {
    const tx = scopedDb(ctx.org.id, raw);
    const member = await findMemberOrThrow(tx, memberId);
    if (member.userId === ctx.user.id) throw new AppError("CONFLICT", "You cannot remove yourself; ask another admin");
    if (member.role === "ADMIN") await assertNotLastAdmin(tx, ctx, memberId);
    await tx.membership.delete({ where: { id: memberId } });
    const sessionsEnded = await endUserSessionsIn(raw, member.userId, "member_removed", ctx.request);
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "member.removed",
      targetType: "Membership",
      targetId: memberId,
      metadata: { userId: member.userId, role: member.role, sessionsEnded },
      request: ctx.request,
    });
  });
}
