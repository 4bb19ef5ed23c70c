import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { setClientApproverActiveSchema } from "./client-approval-schemas";

/**
 * Deactivates (or reactivates) a client approver. Kept, never deleted: their decisions refer to them.
 * An inactive approver's open links stop working at once (the link checks the flag) and no new
 * link goes to them; the policy steps naming them keep their other approvers.
 */
export async function setClientApproverActive(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "clientApprovers.manage");
  const { approverId, active } = parseInput(setClientApproverActiveSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const approver = await tx.clientApprover.findFirst({ where: { id: approverId, orgId: ctx.org.id } });
    if (!approver) throw AppError.notFound("Client approver not found");
    if (approver.active === active) return { changed: false, active };
    await tx.clientApprover.update({ where: { id: approverId, orgId: ctx.org.id }, data: { active } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: active ? "client_approver.reactivated" : "client_approver.deactivated",
      targetType: "ClientApprover", targetId: approverId, request: ctx.request,
    });
    return { changed: true, active };
  });
}
