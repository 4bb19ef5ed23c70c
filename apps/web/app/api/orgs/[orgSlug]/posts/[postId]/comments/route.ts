import { addPostComment } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const POST = orgRoute<{ orgSlug: string; postId: string }>(async (ctx, request, { postId }) => {
  const body = await readJson(request);
  const comment = await addPostComment(ctx, { ...(typeof body === "object" && body ? body : {}), postId });
  return Response.json({ comment }, { status: 201 });
});
