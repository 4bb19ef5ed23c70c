import { ANY_ORG, db } from "@vetted/db";

/** A post in review is overdue when it has waited this long, or its scheduled time is this close. */
export const OVERDUE_AFTER_MS = 48 * 3_600_000;
export const DUE_SOON_MS = 24 * 3_600_000;

/**
 * For the org cards: per org the user belongs to, how many posts wait for review and how many of
 * those are overdue. Counts only (no titles), from the (orgId, state) index.
 */
export async function countWaitingPosts(userId: string, now = new Date()): Promise<Map<string, { waiting: number; overdue: number }>> {
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, select: { orgId: true } });
  const orgIds = memberships.map((m) => m.orgId);
  const waitingSince = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const dueBy = new Date(now.getTime() + DUE_SOON_MS);
  const [waiting, overdue] = await Promise.all([
    db().post.groupBy({ by: ["orgId"], where: { orgId: { in: orgIds }, state: "IN_REVIEW" }, _count: { _all: true } }),
    db().post.groupBy({
      by: ["orgId"],
      where: { orgId: { in: orgIds }, state: "IN_REVIEW", OR: [{ updatedAt: { lt: waitingSince } }, { scheduledAt: { lt: dueBy } }] },
      _count: { _all: true },
    }),
  ]);
  const out = new Map(orgIds.map((id) => [id, { waiting: 0, overdue: 0 }]));
  for (const w of waiting) out.get(w.orgId)!.waiting = w._count._all;
  for (const o of overdue) out.get(o.orgId)!.overdue = o._count._all;
  return out;
}
