import { getPost, updatePost } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

type Params = { orgSlug: string; postId: string };

export const GET = orgRoute<Params>(async (ctx, _request, { postId }) => getPost(ctx, postId));

export const PATCH = orgRoute<Params>(async (ctx, request, { postId }) => {
  const body = await readJson(request);
  const { post, revision, scanJobId } = await updatePost(ctx, { ...(typeof body === "object" && body ? body : {}), postId });
  return { post, revision: { id: revision.id, number: revision.number }, rescanning: !!scanJobId };
});
