import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { parseInput } from "../validate";
import { isCalendarDate, moveToDay } from "../time/zoned-dates";
import { postRefSchema } from "./post-schemas";
import { schedulePost } from "./schedule-post";

export const movePostToDaySchema = postRefSchema.extend({
  toDate: z.string().refine(isCalendarDate, "Use a date like 2026-12-10"),
});
export type MovePostToDayInput = z.input<typeof movePostToDaySchema>;

/**
 * The content calendar's drag (or its "Move to…" date): the post keeps its time of day in the org's
 * zone and moves to another day. Only the time changes, never the content, so this is schedulePost,
 * which keeps the approvals and refuses a time inside the approval window or past a consent's end.
 * A post that is not approved yet has no approvals to keep: its time changes in the editor, which
 * sends it back through review as any edit of a submitted post does.
 */
export async function movePostToDay(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.submit");
  const { postId, revision, toDate } = parseInput(movePostToDaySchema, input);
  const post = await ctx.db.post.findFirst({ where: { id: postId }, select: { state: true, scheduledAt: true } });
  if (!post) throw AppError.notFound("Post not found");
  if (post.state === "PUBLISHED") throw new AppError("CONFLICT", "A published post cannot be moved");
  if (post.state !== "APPROVED" && post.state !== "SCHEDULED") {
    throw new AppError("CONFLICT", "Only approved and scheduled posts move on the calendar: change this post's time in its editor, which sends it back through review");
  }
  if (!post.scheduledAt) throw new AppError("CONFLICT", "This post has no time yet: pick one on the post's page");
  // schedulePost re-reads the post under a lock and checks `revision`: a change since this read is refused there.
  return schedulePost(ctx, { postId, revision, scheduledAt: moveToDay(post.scheduledAt, toDate, ctx.org.timeZone) });
}
