import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { loadPolicy, policyStepsSchema } from "./approval-policy";

const PHI_TYPES = ["NAME", "DATE", "AGE", "CONTACT", "ID", "LOCATION", "HEALTH", "PHOTO_REF", "FACE"] as const;

export const updateApprovalPolicySchema = z.object({
  steps: policyStepsSchema,
  blockingTypes: z.array(z.enum(PHI_TYPES, { message: `Use finding types: ${PHI_TYPES.join(", ")}` })).max(PHI_TYPES.length).default([]),
});

export async function getApprovalPolicy(ctx: TenantContext) {
  assertCan(ctx, "posts.view");
  return ctx.db.$transaction((tx) => loadPolicy(tx, ctx.org.id));
}

/** Applies to decisions from now on; approvals already given stay as they are. */
export async function updateApprovalPolicy(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "policy.manage");
  const policy = parseInput(updateApprovalPolicySchema, input);
  const userIds = [...new Set(policy.steps.flatMap((s) => s.userIds))];
  return ctx.db.$transaction(async (tx) => {
    const members = await tx.membership.count({ where: { orgId: ctx.org.id, userId: { in: userIds } } });
    if (members !== userIds.length) throw new AppError("VALIDATION", "Some fields are invalid", { steps: ["Every named approver must be a member of this organization"] });
    const row = await tx.approvalPolicy.upsert({
      where: { orgId: ctx.org.id },
      create: { orgId: ctx.org.id, steps: policy.steps, blockingTypes: policy.blockingTypes },
      update: { steps: policy.steps, blockingTypes: policy.blockingTypes },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "policy.updated", targetType: "ApprovalPolicy", targetId: row.id,
      metadata: { steps: policy.steps.length, modes: policy.steps.map((s) => s.mode), blockingTypes: policy.blockingTypes }, request: ctx.request,
    });
    return row;
  });
}
