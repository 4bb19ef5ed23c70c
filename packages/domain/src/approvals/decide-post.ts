import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan, can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { deliverMail } from "../mail/send-mail";
import { assertCurrentRevision, currentRevisionOf, lockPost } from "../posts/post-access";
import { nextState } from "../posts/post-state-machine";
import { postRefSchema } from "../posts/post-schemas";
import { parseInput } from "../validate";
import { currentStep, loadPolicy } from "./approval-policy";
import { announceDecision, applyDecision } from "./apply-decision";
import { assertApprovalGates } from "./approval-gates";
import { findingOverridesSchema, recordFindingOverrides, type CheckedOverride } from "./finding-overrides";

export const APPROVAL_CLOSES_MINUTES = 5;

export const decidePostSchema = postRefSchema
  .extend({
    decision: z.enum(["APPROVE", "REQUEST_CHANGES", "REJECT"], { message: "Decision must be APPROVE, REQUEST_CHANGES or REJECT" }),
    comment: z.string().trim().max(2000, "Keep the comment under 2000 characters").optional(),
    overrideJustification: z.string().trim().max(2000, "Keep the justification under 2000 characters").optional(),
    overrides: findingOverridesSchema,
  })
  .refine((d) => d.decision === "APPROVE" || (d.comment?.length ?? 0) > 0, { message: "Say what needs to change", path: ["comment"] });

/**
 * A reviewer's decision on the current revision. Approval is refused for the post's author, for
 * anyone not eligible for the current policy step, after approvals close, and — while blocking
 * findings stand — without a compliance officer's written override.
 */
export async function decidePost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.review");
  const d = parseInput(decidePostSchema, input);
  const { post, mailIds } = await ctx.db.$transaction(async (tx) => {
    const post = await lockPost(tx, ctx.org.id, d.postId);
    assertCurrentRevision(post, d.revision);
    if (post.authorId === ctx.user.id) throw AppError.forbidden("You cannot review your own post: another approver must decide");
    if (post.state !== "IN_REVIEW") nextState(post.state, d.decision === "APPROVE" ? "approve" : d.decision === "REJECT" ? "reject" : "requestChanges");
    if (post.scheduledAt && Date.now() > post.scheduledAt.getTime() - APPROVAL_CLOSES_MINUTES * 60_000) {
      throw new AppError("CONFLICT", `Approvals closed ${APPROVAL_CLOSES_MINUTES} minutes before the scheduled time; reschedule the post first`);
    }
    const revision = await currentRevisionOf(tx, post);
    const policy = await loadPolicy(tx, ctx.org.id);
    const step = await currentStep(tx, ctx.org.id, policy, post, revision.id);
    if (!step) throw new AppError("CONFLICT", "Every approval step is already complete");
    if (step.step.mode === "CLIENT") throw AppError.forbidden(`Step ${step.index + 1} of this post is the client approver's: they decide through the link they were mailed`);
    if (!step.eligible.includes(ctx.user.id)) throw AppError.forbidden(`You are not an approver for step ${step.index + 1} of this post`);
    if (step.approvedBy.has(ctx.user.id)) throw new AppError("CONFLICT", "You already approved this step");
    let overrides: CheckedOverride[] = [];
    if (d.decision === "APPROVE") {
      const input = { justification: d.overrideJustification, overrides: d.overrides };
      overrides = await assertApprovalGates(tx, ctx, post, revision.id, input, can(ctx, "posts.override"), policy);
    }
    const approval = await tx.approval.create({
      data: {
        orgId: ctx.org.id, postId: post.id, revisionId: revision.id, step: step.index, approverId: ctx.user.id, decision: d.decision,
        comment: d.comment ?? null, overrideJustification: d.decision === "APPROVE" ? d.overrideJustification || null : null,
      },
    });
    await recordFindingOverrides(tx, ctx, post.id, approval.id, overrides);
    const scope = { tx, org: ctx.org, actorId: ctx.user.id, request: ctx.request };
    const outcome = await applyDecision(scope, post, revision.id, policy, step, d.decision);
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: `post.${d.decision.toLowerCase()}`, targetType: "Post", targetId: post.id,
      metadata: { revision: post.currentRevision, step: step.index + 1, from: post.state, to: outcome.to, override: !!d.overrideJustification && d.decision === "APPROVE" },
      request: ctx.request,
    });
    const mailIds = await announceDecision(scope, outcome, step, revision.id, d.decision);
    return { post: outcome.post, mailIds };
  });
  for (const id of mailIds) await deliverMail(id);
  return { post };
}
