import type { TenantContext } from "../context";
import { assertCan, can } from "../access/permissions";
import { expiringSoonWhere } from "../consents/search-consents";

/** The org home page: counts for everyone, recent activity for those who may read the trail. */
export async function getOrgOverview(ctx: TenantContext) {
  assertCan(ctx, "org.view");
  const [org, members, pendingInvitations, auditEvents] = await Promise.all([
    ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { kind: true } }),
    ctx.db.membership.count({ where: {} }),
    ctx.db.invitation.count({ where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
    ctx.db.auditEvent.count({ where: {} }),
  ]);
  const consents = can(ctx, "consents.view") ? await consentAttention(ctx) : null;
  const events = can(ctx, "audit.view")
    ? await ctx.db.auditEvent.findMany({ where: {}, orderBy: { seq: "desc" }, take: 8, select: { id: true, action: true, createdAt: true, actorId: true, actorLabel: true } })
    : null;
  // Who did it, for a line in words: actors' display names only.
  const actors = events ? await ctx.db.user.findMany({ where: { id: { in: [...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))] } }, select: { id: true, name: true } }) : [];
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const recent = events?.map(({ actorId, ...e }) => ({ ...e, actorName: actorId ? (names.get(actorId) ?? null) : null })) ?? null;
  return { kind: org.kind, members, pendingInvitations, auditEvents, recent, consents };
}

/** What needs someone's attention in the consent register: counts only, no names. */
async function consentAttention(ctx: TenantContext) {
  const now = new Date();
  const [expiringSoon, awaitingVerification, pendingSignatures, openRemovalTasks] = await Promise.all([
    ctx.db.consent.count({ where: expiringSoonWhere(now) }),
    ctx.db.consent.count({ where: { status: "ACTIVE", verifiedAt: null } }),
    ctx.db.consentRequest.count({ where: { status: "PENDING", expiresAt: { gt: now } } }),
    ctx.db.removalTask.findMany({ where: { completedAt: null }, select: { id: true, postId: true, createdAt: true }, orderBy: { createdAt: "asc" }, take: 20 }),
  ]);
  return { expiringSoon, awaitingVerification, pendingSignatures, openRemovalTasks };
}
