import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { isUuid, parseInput } from "../validate";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the format YYYY-MM-DD")
  // zod runs this even when the regex failed: an impossible date ("-1") must not reach toISOString (RangeError, a 500).
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  }, "Not a real date");

export const auditFilterSchema = z
  .object({
    actorId: z.string().uuid("Not a valid user id").optional(),
    action: z.string().max(64).regex(/^[a-z_.]+$/i, "Letters, dots and underscores only").optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "'from' must be on or before 'to'", path: ["to"] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export function auditWhere(ctx: TenantContext, f: Omit<AuditFilter, "page" | "pageSize">) {
  const createdAt: { gte?: Date; lt?: Date } = {};
  if (f.from) createdAt.gte = new Date(`${f.from}T00:00:00.000Z`);
  if (f.to) createdAt.lt = new Date(new Date(`${f.to}T00:00:00.000Z`).getTime() + 86_400_000);
  return {
    orgId: ctx.org.id,
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { createdAt } : {}),
  };
}

/** One page of the org's audit trail, newest first, with the actor's display name. */
export async function listAuditEvents(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "audit.view");
  const filter = parseInput(auditFilterSchema, input);
  const where = auditWhere(ctx, filter);
  const [total, rows] = await Promise.all([
    ctx.db.auditEvent.count({ where }),
    ctx.db.auditEvent.findMany({
      where,
      orderBy: { seq: "desc" },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
  ]);
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
  const actors = await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } });
  const byId = new Map(actors.map((a) => [a.id, a]));
  // Post events read as "… on 'Spring gala photos'": the viewer may read the org's posts anyway.
  const postIds = [...new Set(rows.map(postIdOf).filter((id): id is string => !!id))];
  const posts = await ctx.db.post.findMany({ where: { orgId: ctx.org.id, id: { in: postIds } }, select: { id: true, title: true } });
  const titles = new Map(posts.map((p) => [p.id, p.title]));
  return {
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    pages: Math.max(1, Math.ceil(total / filter.pageSize)),
    events: rows.map((r) => {
      const postId = postIdOf(r);
      return { ...r, actor: r.actorId ? byId.get(r.actorId) ?? null : null, post: postId ? { id: postId, title: titles.get(postId) ?? null } : null };
    }),
  };
}

/** Distinct action names in this org's trail, for the filter drop-down. */
export async function listAuditActions(ctx: TenantContext): Promise<string[]> {
  assertCan(ctx, "audit.view");
  const rows = await ctx.db.auditEvent.groupBy({ by: ["action"], where: { orgId: ctx.org.id }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}

/** The post an event is about: its target, or the postId its metadata names. */
function postIdOf(r: { targetType: string | null; targetId: string | null; metadata: unknown }): string | null {
  if (r.targetType === "Post" && r.targetId) return r.targetId;
  const meta = r.metadata as { postId?: unknown } | null;
  return isUuid(meta?.postId) ? meta.postId : null;
}
