import { schedulePost } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; postId: string }>(async (ctx, request, { postId }) => {
  const body = await readJson(request);
  const post = await schedulePost(ctx, { ...(typeof body === "object" && body ? body : {}), postId });
  return { post: { id: post.id, state: post.state, scheduledAt: post.scheduledAt } };
});
