import type { Tx } from "@vetted/db";
import type { TenantContext } from "../context";

/** Opening a post answers every notification about it: the viewer's unread ones about it are read. */
export async function markPostNotificationsRead(ctx: TenantContext, postId: string) {
  const result = await ctx.db.notification.updateMany({
    where: { orgId: ctx.org.id, userId: ctx.user.id, postId, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: result.count };
}

/**
 * Once a post is decided, "waiting for your review" and reminders about it are stale for every
 * approver, not only the one who decided: they are marked read in the decision's transaction.
 */
export async function retireReviewNotifications(tx: Tx, orgId: string, postId: string) {
  await tx.notification.updateMany({
    where: { orgId, postId, readAt: null, kind: { in: ["ready_for_review", "reminder", "override_requested"] } },
    data: { readAt: new Date() },
  });
}
