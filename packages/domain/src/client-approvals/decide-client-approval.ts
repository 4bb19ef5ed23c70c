import { db } from "@vetted/db";
import { announceDecision, applyDecision } from "../approvals/apply-decision";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import { APPROVAL_CLOSES_MINUTES } from "../approvals/decide-post";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { lockPost } from "../posts/post-access";
import { parseInput } from "../validate";
import { clientApprovalObstacle } from "./client-approval-gates";
import { clientDecisionSchema } from "./client-approval-schemas";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { guardPublicLink } from "../limits/guard-public-link";
import { findLinkByToken, isClientLinkMiss, linkActor, linkProblem } from "./client-link-records";
import { assertSession } from "./client-link-session";

/**
 * Public: the client approver approves, or asks for changes (with a comment), through their link
 * and a confirmed browser session. The decision is an Approval of the link's CLIENT step in the
 * approver's name, so it completes that step only: approving is refused while a blocking finding
 * lacks a compliance officer's override or a consent is missing (clientApprovalObstacle), and a
 * request for changes sends the post back to its author like an officer's. The link is used up with
 * it (a second submit is 410), the time, IP and browser are kept on the link and in the audit event
 * (client_approval.decided). The post is locked before the link, as every decision locks it first.
 */
export async function decideClientApproval(token: unknown, session: unknown, input: unknown, request: RequestMeta, limiter?: AbuseLimiter) {
  const d = parseInput(clientDecisionSchema, input);
  const result = await guardPublicLink(request, () => db().$transaction(async (tx) => {
    const found = await findLinkByToken(tx, token);
    const post = await lockPost(tx, found.orgId, found.postId);
    const link = await findLinkByToken(tx, token, true);
    const problem = await linkProblem(tx, link, post);
    if (problem) throw problem;
    const now = new Date();
    assertSession(link, session, now);
    if (post.scheduledAt && now.getTime() > post.scheduledAt.getTime() - APPROVAL_CLOSES_MINUTES * 60_000) {
      throw new AppError("CONFLICT", `Approvals closed ${APPROVAL_CLOSES_MINUTES} minutes before the post's scheduled time. Contact ${link.org.name}.`);
    }
    if (d.decision === "APPROVE") {
      const obstacle = await clientApprovalObstacle(tx, post, link.revisionId);
      if (obstacle) throw new AppError("CONFLICT", obstacle);
    }
    const policy = await loadPolicy(tx, link.orgId);
    const step = (await currentStep(tx, link.orgId, policy, post, link.revisionId))!;
    const approval = await tx.approval.create({
      data: { orgId: link.orgId, postId: post.id, revisionId: link.revisionId, step: link.step, clientApproverId: link.approverId, decision: d.decision, comment: d.comment || null },
    });
    await tx.clientApprovalLink.update({
      where: { id: link.id, orgId: link.orgId },
      data: { usedAt: now, decision: d.decision, approvalId: approval.id, ip: request.ip, userAgent: request.userAgent?.slice(0, 400) ?? null, sessionHash: null, sessionExpiresAt: null },
    });
    // The other approvers' links for this post have nothing left to decide.
    await tx.clientApprovalLink.updateMany({
      where: { orgId: link.orgId, postId: post.id, id: { not: link.id }, usedAt: null, voidedAt: null },
      data: { voidedAt: now, voidReason: "another client approver decided" },
    });
    const actor = linkActor(link, request);
    const scope = { tx, org: link.org, actorId: null, actorLabel: actor.actorLabel, request };
    const outcome = await applyDecision(scope, post, link.revisionId, policy, step, d.decision);
    await recordAuditEvent(tx, {
      orgId: link.orgId, ...actor, action: "client_approval.decided", targetType: "Post", targetId: post.id,
      metadata: { linkId: link.id, approverId: link.approverId, approvalId: approval.id, decision: d.decision, step: link.step + 1, revision: link.revision, from: outcome.from, to: outcome.to },
    });
    const mailIds = await announceDecision(scope, outcome, step, link.revisionId, d.decision);
    return { decision: d.decision, decidedAt: now, orgName: link.org.name, mailIds };
  }), isClientLinkMiss, limiter);
  for (const id of result.mailIds) await deliverMail(id);
  return { decision: result.decision, decidedAt: result.decidedAt, orgName: result.orgName };
}
