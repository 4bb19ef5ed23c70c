import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { endUserSessions } from "../auth/sessions";
import { assertNotLastAdmin, findMemberOrThrow } from "./member-guards";

export const removeMemberSchema = z.object({ memberId: z.string().uuid("Not a valid member id") });

/**
 * Removes a user's access to this org; their past actions stay attributed in the audit trail.
 * Every request re-checks membership, so their sessions can no longer reach this org; when this was
 * their last membership the sessions themselves are ended too (issue 14), so a copied cookie is dead.
 * A user still in other orgs keeps their sessions: one client's admin does not sign them out of others.
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
    const remaining = await raw.membership.count({ where: { userId: member.userId, orgId: ANY_ORG } });
    const sessionsEnded = remaining === 0 ? await endUserSessions(raw, member.userId, "member_removed", ctx.request) : 0;
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
