import { createPost, listPosts } from "@vetted/domain";
import { orgRoute, queryObject, readJson } from "@/lib/http";

export const GET = orgRoute(async (ctx, request) => listPosts(ctx, queryObject(request)));

export const POST = orgRoute(async (ctx, request) => {
  const { post, revision } = await createPost(ctx, await readJson(request));
  return Response.json({ post, revision: { id: revision.id, number: revision.number } }, { status: 201 });
});
