import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";

export const completeRemovalTaskSchema = z.object({
  taskId: z.string().uuid("Not a valid task id"),
  /** Checklist item ids done now; the task completes when every item is done. */
  done: z.array(z.string().max(64)).min(1, "Tick at least one item").max(20),
});

export const removalChecklistSchema = z.array(
  z.object({ id: z.string(), label: z.string(), doneAt: z.string().nullable(), doneById: z.string().nullable() }),
);

/** The assignee (or a compliance officer/admin, who may take over) ticks off checklist items. */
export async function completeRemovalTask(ctx: TenantContext, input: unknown) {
  const d = parseInput(completeRemovalTaskSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "RemovalTask" WHERE id = ${d.taskId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    const task = await tx.removalTask.findFirst({ where: { id: d.taskId, orgId } });
    if (!task) throw AppError.notFound("Removal task not found");
    if (task.assigneeId !== ctx.user.id && !can(ctx, "consents.revoke")) throw AppError.forbidden();
    if (task.completedAt) throw new AppError("CONFLICT", "This removal task is already complete");
    const items = removalChecklistSchema.parse(task.checklist);
    const unknown = d.done.filter((id) => !items.some((i) => i.id === id));
    if (unknown.length) throw new AppError("VALIDATION", "Some fields are invalid", { done: [`Unknown checklist item: ${unknown.join(", ")}`] });
    const now = new Date().toISOString();
    const checklist = items.map((i) => (d.done.includes(i.id) && !i.doneAt ? { ...i, doneAt: now, doneById: ctx.user.id } : i));
    const complete = checklist.every((i) => i.doneAt);
    const updated = await tx.removalTask.update({
      where: { id: task.id, orgId },
      data: { checklist, ...(complete ? { completedAt: new Date(now), completedById: ctx.user.id } : {}) },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: complete ? "removal_task.completed" : "removal_task.progressed", targetType: "RemovalTask", targetId: task.id,
      metadata: { postId: task.postId, consentId: task.consentId, itemsDone: d.done, remaining: checklist.filter((i) => !i.doneAt).length },
      request: ctx.request,
    });
    return { task: { id: updated.id, postId: updated.postId, checklist, completedAt: updated.completedAt } };
  });
}
