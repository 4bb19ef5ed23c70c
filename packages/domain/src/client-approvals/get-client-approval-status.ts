import type { ClientApprovalLink } from "@vetted/db";
import { assertCan } from "../access/permissions";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import type { TenantContext } from "../context";

export type ClientLinkState = "open" | "approved" | "changes_requested" | "expired" | "locked" | "void";

const stateOf = (l: ClientApprovalLink, now: Date): ClientLinkState => {
  if (l.usedAt) return l.decision === "APPROVE" ? "approved" : "changes_requested";
  if (l.lockedAt) return "locked";
  if (l.voidedAt) return "void";
  return l.expiresAt <= now ? "expired" : "open";
};

/**
 * The post page's "Client approval" card: every link sent for the post (newest first, with whom it
 * went to and what became of it) and, when the post waits at a CLIENT step, that step's active
 * approvers, to whom a new link may be sent. No token, code or address leaves here.
 */
export async function getClientApprovalStatus(ctx: TenantContext, post: { id: string; orgId: string; authorId: string; state: string }, revisionId: string) {
  assertCan(ctx, "posts.view");
  const now = new Date();
  const [links, policy] = await Promise.all([
    ctx.db.clientApprovalLink.findMany({ where: { orgId: ctx.org.id, postId: post.id }, orderBy: { createdAt: "desc" }, take: 50 }),
    ctx.db.$transaction((tx) => loadPolicy(tx, ctx.org.id)),
  ]);
  const step = post.state === "IN_REVIEW" ? await ctx.db.$transaction((tx) => currentStep(tx, ctx.org.id, policy, post, revisionId)) : null;
  const clientStep = step && step.step.mode === "CLIENT" ? step : null;
  const ids = [...new Set([...links.map((l) => l.approverId), ...(clientStep?.step.clientApproverIds ?? [])])];
  const approvers = ids.length ? await ctx.db.clientApprover.findMany({ where: { orgId: ctx.org.id, id: { in: ids } }, select: { id: true, name: true, active: true } }) : [];
  const name = new Map(approvers.map((a) => [a.id, a.name]));
  return {
    hasClientStep: policy.steps.some((s) => s.mode === "CLIENT"),
    waitingStep: clientStep ? clientStep.index + 1 : null,
    sendable: clientStep ? approvers.filter((a) => a.active && clientStep.step.clientApproverIds.includes(a.id)).map((a) => ({ id: a.id, name: a.name })) : [],
    links: links.map((l) => ({
      id: l.id, approver: name.get(l.approverId) ?? "a client approver", revision: l.revision, step: l.step + 1, state: stateOf(l, now),
      sentAt: l.createdAt, expiresAt: l.expiresAt, decidedAt: l.usedAt, automatic: l.sentById === null, voidReason: l.voidReason,
    })),
  };
}
