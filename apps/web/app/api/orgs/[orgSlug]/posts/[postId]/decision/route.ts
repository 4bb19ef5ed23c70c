import { requireRecentReauth } from "@vetted/auth";
import { approvalUsesOverride, decidePost } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; postId: string }>(async (ctx, request, { postId }) => {
  const body = await readJson(request);
  // Approving over blocking findings is sensitive (issue 15); other decisions are not.
  if (approvalUsesOverride(body)) await requireRecentReauth();
  const { post } = await decidePost(ctx, { ...(typeof body === "object" && body ? body : {}), postId });
  return { post: { id: post.id, state: post.state, currentRevision: post.currentRevision } };
});
