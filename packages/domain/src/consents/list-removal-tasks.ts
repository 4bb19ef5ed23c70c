import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { removalChecklistSchema } from "./complete-removal-task";

export const listRemovalTasksSchema = z.object({
  postId: z.string().uuid("Not a valid post id").optional(),
  open: z.boolean().default(false),
});

/**
 * Removal tasks of the org (or of one post): what must come down, why, who has it, and which
 * checklist items are done. No patient data: the consent is referred to by id only.
 */
export async function listRemovalTasks(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "posts.view");
  const q = parseInput(listRemovalTasksSchema, input);
  const tasks = await ctx.db.removalTask.findMany({
    where: { orgId: ctx.org.id, ...(q.postId ? { postId: q.postId } : {}), ...(q.open ? { completedAt: null } : {}) },
    orderBy: [{ completedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }],
    take: 200,
  });
  return tasks.map((t) => ({
    id: t.id,
    postId: t.postId,
    consentId: t.consentId,
    reason: t.reason,
    assigneeId: t.assigneeId,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
    checklist: removalChecklistSchema.parse(t.checklist),
    // The same rule completeRemovalTask enforces: the assignee, or someone who may take it over.
    mayComplete: !t.completedAt && (t.assigneeId === ctx.user.id || can(ctx, "consents.revoke")),
  }));
}
export type RemovalTaskView = Awaited<ReturnType<typeof listRemovalTasks>>[number];
