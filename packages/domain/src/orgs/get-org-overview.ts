import type { TenantContext } from "../context";
import { assertCan, can } from "../access/permissions";

/** The org home page: counts for everyone, recent activity for those who may read the trail. */
export async function getOrgOverview(ctx: TenantContext) {
  assertCan(ctx, "org.view");
  const [org, members, pendingInvitations, auditEvents] = await Promise.all([
    ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { kind: true } }),
    ctx.db.membership.count({ where: {} }),
    ctx.db.invitation.count({ where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
    ctx.db.auditEvent.count({ where: {} }),
  ]);
  const recent = can(ctx, "audit.view")
    ? await ctx.db.auditEvent.findMany({ where: {}, orderBy: { seq: "desc" }, take: 8, select: { id: true, action: true, createdAt: true } })
    : null;
  return { kind: org.kind, members, pendingInvitations, auditEvents, recent };
}
