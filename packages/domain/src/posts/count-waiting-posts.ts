import { ANY_ORG, db, type Prisma } from "@vetted/db";

/** A post in review is overdue when it has waited this long, or its scheduled time is this close. */
export const OVERDUE_AFTER_MS = 48 * 3_600_000;
export const DUE_SOON_MS = 24 * 3_600_000;

/** Posts waiting for a review decision. */
export const waitingPostsWhere = { state: "IN_REVIEW" } as const satisfies Prisma.PostWhereInput;

/** Of the posts waiting, the overdue ones: waiting over 48 hours, or scheduled within 24 hours (or already past). */
export function overduePostsWhere(now: Date) {
  const waitingSince = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const dueBy = new Date(now.getTime() + DUE_SOON_MS);
  return { ...waitingPostsWhere, OR: [{ updatedAt: { lt: waitingSince } }, { scheduledAt: { lt: dueBy } }] } satisfies Prisma.PostWhereInput;
}

/**
 * For the org cards: per org the user belongs to, how many posts wait for review and how many of
 * those are overdue. Counts only (no titles), from the (orgId, state) index.
 */
export async function countWaitingPosts(userId: string, now = new Date()): Promise<Map<string, { waiting: number; overdue: number }>> {
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, select: { orgId: true } });
  const orgIds = memberships.map((m) => m.orgId);
  const [waiting, overdue] = await Promise.all([
    db().post.groupBy({ by: ["orgId"], where: { orgId: { in: orgIds }, ...waitingPostsWhere }, _count: { _all: true } }),
    db().post.groupBy({ by: ["orgId"], where: { orgId: { in: orgIds }, ...overduePostsWhere(now) }, _count: { _all: true } }),
  ]);
  const out = new Map(orgIds.map((id) => [id, { waiting: 0, overdue: 0 }]));
  for (const w of waiting) out.get(w.orgId)!.waiting = w._count._all;
  for (const o of overdue) out.get(o.orgId)!.overdue = o._count._all;
  return out;
}
