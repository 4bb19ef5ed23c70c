import { PostState } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { parseInput } from "../validate";
import { channelSchema } from "./post-schemas";

export const listPostsSchema = z.object({
  state: z.enum(PostState).optional(),
  channel: channelSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** The org's posts, newest first, with the latest scan verdict; titles only (no text) in lists. */
export async function listPosts(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "posts.view");
  const f = parseInput(listPostsSchema, input);
  const where = { ...(f.state ? { state: f.state } : {}), ...(f.channel ? { channels: { has: f.channel } } : {}) };
  const [total, posts] = await Promise.all([
    ctx.db.post.count({ where }),
    ctx.db.post.findMany({ where, orderBy: { updatedAt: "desc" }, skip: (f.page - 1) * 50, take: 50 }),
  ]);
  const scans = await ctx.db.scanJob.findMany({
    where: { postId: { in: posts.map((p) => p.id) }, status: "SUCCEEDED" },
    select: { postId: true, verdict: true, finishedAt: true },
    orderBy: { finishedAt: "desc" },
  });
  const verdictOf = new Map<string, string | null>();
  for (const s of scans) if (!verdictOf.has(s.postId)) verdictOf.set(s.postId, s.verdict);
  return { total, page: f.page, posts: posts.map((p) => ({ ...p, verdict: verdictOf.get(p.id) ?? null })) };
}
