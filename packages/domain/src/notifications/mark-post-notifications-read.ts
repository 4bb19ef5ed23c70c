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

/** Opening a comment in the inbox reads the viewer's notifications about it (hidden, due, overdue). */
export async function markCommentNotificationsRead(ctx: TenantContext, commentId: string) {
  const result = await ctx.db.notification.updateMany({
    where: { orgId: ctx.org.id, userId: ctx.user.id, commentId, readAt: null },
    data: { readAt: new Date() },
  });
  return { updated: result.count };
}

/**
 * A comment's first response (a decision or a reply) makes "hidden, review it", "due soon" and
 * "overdue" stale for every recipient: they are marked read in the response's transaction.
 */
export async function retireCommentNotifications(tx: Tx, orgId: string, commentId: string) {
  await tx.notification.updateMany({
    where: { orgId, commentId, readAt: null, kind: { in: ["comment_hidden", "comment_response_due", "comment_response_overdue"] } },
    data: { readAt: new Date() },
  });
}
