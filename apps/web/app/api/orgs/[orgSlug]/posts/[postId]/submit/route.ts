import { submitPost } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; postId: string }>(async (ctx, request, { postId }) => {
  const body = await readJson(request);
  const { post, scanJobId, dispatched } = await submitPost(ctx, { ...(typeof body === "object" && body ? body : {}), postId });
  // 202: the scan runs in the worker; `dispatched: false` means it is queued until Redis is back.
  return Response.json({ post: { id: post.id, state: post.state, currentRevision: post.currentRevision }, scanJobId, dispatched }, { status: 202 });
});
