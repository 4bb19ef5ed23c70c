import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";

/** Invitations still waiting for an answer. */
export async function listPendingInvitations(ctx: TenantContext) {
  assertCan(ctx, "members.view");
  return ctx.db.invitation.findMany({
    where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}
