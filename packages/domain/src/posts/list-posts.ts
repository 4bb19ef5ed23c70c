import { forOrg, ORG_ID, pgDirect, PostState, Prisma, rawSql, type Channel } from "@vetted/db";
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

export const POSTS_PER_PAGE = 50;

export interface PostListItem {
  id: string;
  orgId: string;
  authorId: string;
  title: string;
  state: PostState;
  channels: Channel[];
  scheduledAt: Date | null;
  currentRevision: number;
  createdAt: Date;
  updatedAt: Date;
  /** The verdict of the post's latest successful scan. */
  verdict: string | null;
}

type Row = { total: number } & ({ [K in keyof PostListItem]: PostListItem[K] } | { [K in keyof PostListItem]: null });

/**
 * The org's posts, newest first (then by id, so pages do not shift between equal times), with the latest
 * scan verdict; titles only (no text) in lists. One statement on the pg pool: the total (the index-only
 * count of the (orgId, state) index) joined to the page's rows, each with its verdict; a page past the
 * end still brings the total. As three Prisma reads the list spent a fifth of its CPU there (bench:pages).
 */
export async function listPosts(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "posts.view");
  const f = parseInput(listPostsSchema, input);
  // Only the filters asked for are in the text: each combination keeps its own plan.
  const filters = Prisma.sql`${f.state ? Prisma.sql`AND p.state = ${f.state}::"PostState"` : Prisma.empty}
    ${f.channel ? Prisma.sql`AND ${f.channel}::"Channel" = ANY(p.channels)` : Prisma.empty}`;
  const rows = await rawSql(pgDirect(), forOrg(ctx.org.id)).query<Row[]>`
    WITH page AS (
      SELECT p.id::text AS id, p."orgId"::text AS "orgId", p."authorId"::text AS "authorId", p.title, p.state::text AS state,
        p.channels::text[] AS channels, p."scheduledAt", p."currentRevision", p."createdAt", p."updatedAt",
        (SELECT j.verdict FROM "ScanJob" j WHERE j."orgId" = ${ORG_ID}::uuid AND j."postId" = p.id AND j.status = 'SUCCEEDED'
          ORDER BY j."finishedAt" DESC NULLS LAST LIMIT 1) AS verdict
      FROM "Post" p WHERE p."orgId" = ${ORG_ID}::uuid ${filters}
      ORDER BY p."updatedAt" DESC, p.id DESC LIMIT ${POSTS_PER_PAGE} OFFSET ${(f.page - 1) * POSTS_PER_PAGE}
    )
    SELECT t.total, page.* FROM (SELECT count(*)::int AS total FROM "Post" p WHERE p."orgId" = ${ORG_ID}::uuid ${filters}) t
    LEFT JOIN page ON true
    ORDER BY page."updatedAt" DESC, page.id DESC`;
  const posts = rows.filter((r): r is Row & PostListItem => r.id !== null).map(({ total: _, ...post }) => post as PostListItem);
  return { total: rows[0]?.total ?? 0, page: f.page, posts };
}
