import { Role, type Tx } from "@vetted/db";
import { z } from "zod";

/**
 * A step is "any one of" or "all of" its named members and roles, or (issue 16) mode CLIENT: any one of
 * its client approvers decides through an emailed single-use link. A CLIENT step never comes first: the
 * team's own review (where a compliance officer approves over blocking findings in writing) runs before
 * the client is asked, and the client's approval cannot stand in for it.
 */
export const policyStepSchema = z
  .object({
    mode: z.enum(["ANY", "ALL", "CLIENT"], { message: "Mode must be ANY, ALL or CLIENT" }),
    userIds: z.array(z.string().uuid("Not a valid user id")).max(50).default([]),
    roles: z.array(z.enum(Role)).max(4).default([]),
    clientApproverIds: z.array(z.string().uuid("Not a valid client approver id")).max(20).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.mode === "CLIENT") {
      if (s.clientApproverIds.length === 0) ctx.addIssue({ code: "custom", message: "A client approver step needs at least one client approver", path: ["clientApproverIds"] });
      if (s.userIds.length + s.roles.length > 0) ctx.addIssue({ code: "custom", message: "A client approver step names client approvers only", path: ["userIds"] });
      return;
    }
    if (s.userIds.length + s.roles.length === 0) ctx.addIssue({ code: "custom", message: "Each step needs at least one approver or role", path: ["userIds"] });
    if (s.clientApproverIds.length > 0) ctx.addIssue({ code: "custom", message: "Client approvers go in a step of their own (\"The client approver\")", path: ["clientApproverIds"] });
  });
export const policyStepsSchema = z
  .array(policyStepSchema)
  .min(1, "A policy needs at least one step")
  .max(3, "At most 3 steps")
  .refine((steps) => steps[0]?.mode !== "CLIENT", { message: "The client approves after your team's review: step 1 must be a step of your members or roles", path: [0, "mode"] });
export type PolicyStep = z.infer<typeof policyStepSchema>;

export interface EffectivePolicy {
  steps: PolicyStep[];
  blockingTypes: string[];
  /** May a compliance officer approve over an MRN, SSN or date of birth (findings/direct-identifiers.ts)? */
  overridableDirectIdentifiers: boolean;
  isDefault: boolean;
}

/** Without a configured policy: one step, any compliance officer (or admin) of the org. */
export const DEFAULT_POLICY: EffectivePolicy = {
  steps: [{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER", "ADMIN"], clientApproverIds: [] }],
  blockingTypes: [],
  overridableDirectIdentifiers: false,
  isDefault: true,
};

export async function loadPolicy(tx: Tx, orgId: string): Promise<EffectivePolicy> {
  return policyFrom(await tx.approvalPolicy.findFirst({ where: { orgId } }));
}

/** The policy an org's ApprovalPolicy row (or its absence) stands for. */
export function policyFrom(row: { steps: unknown; blockingTypes: string[]; overridableDirectIdentifiers: boolean } | null): EffectivePolicy {
  if (!row) return DEFAULT_POLICY;
  const steps = policyStepsSchema.safeParse(row.steps);
  return steps.success
    ? { steps: steps.data, blockingTypes: row.blockingTypes, overridableDirectIdentifiers: row.overridableDirectIdentifiers, isDefault: false }
    : DEFAULT_POLICY;
}

/**
 * Who may approve a step: its named users plus every member holding one of its roles, always
 * excluding the post's author and anyone who is no longer a member.
 */
export async function eligibleApprovers(tx: Tx, orgId: string, step: PolicyStep, authorId: string): Promise<string[]> {
  return eligibleAmong(await tx.membership.findMany({ where: { orgId }, select: { userId: true, role: true } }), step, authorId);
}

const eligibleAmong = (members: { userId: string; role: Role }[], step: PolicyStep, authorId: string): string[] =>
  members.filter((m) => m.userId !== authorId && (step.userIds.includes(m.userId) || step.roles.includes(m.role))).map((m) => m.userId);

/**
 * Index of the first step not yet satisfied by the live approvals of this revision, or null when all
 * are. A CLIENT step has no eligible members: one client approver's approval completes it.
 */
export async function currentStep(tx: Tx, orgId: string, policy: EffectivePolicy, post: { id: string; authorId: string }, revisionId: string) {
  const approvals = await tx.approval.findMany({
    where: { orgId, postId: post.id, revisionId, voidedAt: null, decision: "APPROVE" },
    select: { step: true, approverId: true, clientApproverId: true },
  });
  const members = policy.steps.some((s) => s.mode !== "CLIENT") ? await tx.membership.findMany({ where: { orgId }, select: { userId: true, role: true } }) : [];
  return stepFrom(policy, post.authorId, approvals, members);
}

/**
 * currentStep on rows already loaded: the revision's live APPROVE approvals and the org's members (for a
 * caller that reads them for many posts at once, the review queue).
 */
export function stepFrom(
  policy: EffectivePolicy,
  authorId: string,
  approvals: { step: number; approverId: string | null; clientApproverId: string | null }[],
  members: { userId: string; role: Role }[],
) {
  for (let i = 0; i < policy.steps.length; i++) {
    const step = policy.steps[i]!;
    const atStep = approvals.filter((a) => a.step === i);
    if (step.mode === "CLIENT") {
      if (!atStep.some((a) => a.clientApproverId !== null)) return { index: i, step, eligible: [] as string[], approvedBy: new Set<string>() };
      continue;
    }
    const eligible = eligibleAmong(members, step, authorId);
    const approvedBy = new Set(atStep.flatMap((a) => (a.approverId ? [a.approverId] : [])));
    const done = step.mode === "ANY" ? eligible.some((u) => approvedBy.has(u)) || approvedBy.size > 0 : eligible.length > 0 && eligible.every((u) => approvedBy.has(u));
    if (!done) return { index: i, step, eligible, approvedBy };
  }
  return null;
}
export type CurrentStep = NonNullable<ReturnType<typeof stepFrom>>;
