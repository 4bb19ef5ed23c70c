import { randomUUID } from "node:crypto";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { approverEmailIndex, sealApproverEmail } from "./client-approver-crypto";
import { createClientApproverSchema } from "./client-approval-schemas";

/**
 * Adds someone at the client organization who may approve posts through an emailed link (issue 16).
 * One approver per address: adding an address again is a field error, naming the field, not the
 * address. Audited by id (the address stays out of the trail).
 */
export async function createClientApprover(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "clientApprovers.manage");
  const d = parseInput(createClientApproverSchema, input);
  const orgId = ctx.org.id;
  const emailIndex = approverEmailIndex(orgId, d.email);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.clientApprover.findFirst({ where: { orgId, emailIndex }, select: { id: true } });
    if (existing) throw new AppError("VALIDATION", "Some fields are invalid", { email: ["A client approver with this address already exists"] });
    const id = randomUUID();
    const approver = await tx.clientApprover.create({
      data: { id, orgId, name: d.name.replace(/\s+/g, " "), emailCipher: sealApproverEmail(d.email, orgId, id), emailIndex, createdById: ctx.user.id },
      select: { id: true, name: true, active: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "client_approver.created", targetType: "ClientApprover", targetId: id, request: ctx.request,
    });
    return approver;
  });
}
