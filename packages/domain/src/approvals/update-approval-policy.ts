import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { formFlag, parseInput } from "../validate";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings } from "../policy/propose-policy-version-from-settings";
import { loadPolicy, policyStepsSchema } from "./approval-policy";

const PHI_TYPES = ["NAME", "DATE", "AGE", "CONTACT", "ID", "LOCATION", "HEALTH", "PHOTO_REF", "FACE"] as const;

export const updateApprovalPolicySchema = z.object({
  steps: policyStepsSchema,
  blockingTypes: z.array(z.enum(PHI_TYPES, { message: `Use finding types: ${PHI_TYPES.join(", ")}` })).max(PHI_TYPES.length).default([]),
  /** Off unless an admin says so: an MRN, SSN or date of birth then stays unapprovable. */
  overridableDirectIdentifiers: formFlag.default(false),
});

type PolicyInput = z.infer<typeof updateApprovalPolicySchema>;

export async function getApprovalPolicy(ctx: TenantContext) {
  assertCan(ctx, "posts.view");
  return ctx.db.$transaction((tx) => loadPolicy(tx, ctx.org.id));
}

/** Applies to decisions from now on; approvals already given stay as they are. */
export async function updateApprovalPolicy(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "policy.manage");
  const policy = parseInput(updateApprovalPolicySchema, input);
  const userIds = [...new Set(policy.steps.flatMap((s) => s.userIds))];
  const clientIds = [...new Set(policy.steps.flatMap((s) => s.clientApproverIds))];
  return ctx.db.$transaction(async (tx) => {
    // The manual mirrors the policy (issue 13): its lock comes before the audit chain's.
    await lockManual(tx, ctx.org.id);
    const members = await tx.membership.count({ where: { orgId: ctx.org.id, userId: { in: userIds } } });
    if (members !== userIds.length) throw new AppError("VALIDATION", "Some fields are invalid", { steps: ["Every named approver must be a member of this organization"] });
    if (clientIds.length) {
      const clients = await tx.clientApprover.count({ where: { orgId: ctx.org.id, id: { in: clientIds }, active: true } });
      if (clients !== clientIds.length) throw new AppError("VALIDATION", "Some fields are invalid", { steps: ["Every client approver named must be an active client approver of this organization"] });
    }
    const current = await loadPolicy(tx, ctx.org.id);
    if (!current.isDefault && samePolicy(current, policy)) return { changed: false, policy: current };
    const row = await tx.approvalPolicy.upsert({
      where: { orgId: ctx.org.id },
      create: { orgId: ctx.org.id, steps: policy.steps, blockingTypes: policy.blockingTypes, overridableDirectIdentifiers: policy.overridableDirectIdentifiers },
      update: { steps: policy.steps, blockingTypes: policy.blockingTypes, overridableDirectIdentifiers: policy.overridableDirectIdentifiers },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "policy.updated", targetType: "ApprovalPolicy", targetId: row.id,
      metadata: {
        steps: policy.steps.length, modes: policy.steps.map((s) => s.mode), blockingTypes: policy.blockingTypes, clientApprovers: clientIds.length,
        overridableDirectIdentifiers: policy.overridableDirectIdentifiers,
        ...(current.overridableDirectIdentifiers !== policy.overridableDirectIdentifiers ? { directIdentifiersChanged: true } : {}),
      },
      request: ctx.request,
    });
    await proposePolicyVersionFromSettings(tx, { orgId: ctx.org.id, actorId: ctx.user.id, what: "approval_policy", request: ctx.request });
    return { changed: true, policy: { ...policy, isDefault: false } };
  });
}

/** Order of steps matters; order of names within a step and of blocking types does not. */
function samePolicy(a: Omit<PolicyInput, "blockingTypes"> & { blockingTypes: string[] }, b: PolicyInput) {
  const norm = (p: Omit<PolicyInput, "blockingTypes"> & { blockingTypes: string[] }) =>
    JSON.stringify({
      steps: p.steps.map((s) => ({ mode: s.mode, userIds: [...s.userIds].sort(), roles: [...s.roles].sort(), clientApproverIds: [...s.clientApproverIds].sort() })),
      blockingTypes: [...p.blockingTypes].sort(),
      overridableDirectIdentifiers: p.overridableDirectIdentifiers,
    });
  return norm(a) === norm(b);
}
