import { assertCan } from "../access/permissions";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { assertCurrentRevision, currentRevisionOf, lockPost } from "../posts/post-access";
import { parseInput } from "../validate";
import { sendToClientApproverSchema } from "./client-approval-schemas";
import { issueClientApprovalLinks } from "./issue-client-links";

/**
 * "Send to client approver" on the post page: mails one of the current CLIENT step's approvers a
 * new link (their earlier link for the post stops working). The workflow already sends one to each
 * when the post reaches the step; this is for a lost, expired or locked link. Only a post in review
 * whose current step is a CLIENT step, and only an active approver that step names.
 */
export async function sendToClientApprover(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.sendToClient");
  const d = parseInput(sendToClientApproverSchema, input);
  const result = await ctx.db.$transaction(async (tx) => {
    const post = await lockPost(tx, ctx.org.id, d.postId);
    assertCurrentRevision(post, d.revision);
    if (post.state !== "IN_REVIEW") throw new AppError("CONFLICT", "Only a post in review can be sent to a client approver");
    const approver = await tx.clientApprover.findFirst({ where: { id: d.approverId, orgId: ctx.org.id } });
    if (!approver) throw AppError.notFound("Client approver not found");
    const revision = await currentRevisionOf(tx, post);
    const step = await currentStep(tx, ctx.org.id, await loadPolicy(tx, ctx.org.id), post, revision.id);
    if (!step || step.step.mode !== "CLIENT") {
      throw new AppError("CONFLICT", `This post waits for ${step ? `step ${step.index + 1}, your team's review` : "nothing more"}: a client approver is asked once it reaches their step of the approval policy`);
    }
    if (!step.step.clientApproverIds.includes(approver.id)) {
      throw new AppError("VALIDATION", "Some fields are invalid", { approverId: [`This client approver is not named in step ${step.index + 1} of the approval policy`] });
    }
    if (!approver.active) throw new AppError("VALIDATION", "Some fields are invalid", { approverId: ["This client approver is inactive"] });
    const links = await issueClientApprovalLinks(tx, {
      org: ctx.org, post, revisionId: revision.id, step: step.index, approverIds: [approver.id], sentById: ctx.user.id,
      actor: { actorId: ctx.user.id }, request: ctx.request,
    });
    return { linkId: links.linkIds[0]!, mailIds: links.mailIds };
  });
  let delivery: Awaited<ReturnType<typeof deliverMail>> = "outbox";
  for (const id of result.mailIds) delivery = await deliverMail(id);
  return { linkId: result.linkId, delivery };
}
