import type { Decision, Post, PostState, Tx } from "@vetted/db";
import type { RequestMeta } from "../context";
import { issueClientApprovalLinks } from "../client-approvals/issue-client-links";
import { purgePostOriginals } from "../media/purge-post-originals";
import { retireReviewNotifications } from "../notifications/mark-post-notifications-read";
import { notifyUsers } from "../notifications/notify";
import { nextState } from "../posts/post-state-machine";
import { currentStep, eligibleApprovers, type CurrentStep, type EffectivePolicy } from "./approval-policy";

// What follows the Approval row of a decision, the same whether a member decided (decide-post.ts) or
// a client approver through their link (client-approvals/decide-client-approval.ts): the post's new
// state, and then who hears of it.

export interface DecisionScope {
  tx: Tx;
  org: { id: string; slug: string; name: string };
  actorId: string | null;
  actorLabel?: string;
  request?: RequestMeta;
}

export interface DecisionOutcome {
  post: Post;
  from: PostState;
  to: PostState;
  /** The step now waiting, or null when every step is complete. */
  after: CurrentStep | null;
}

/**
 * Moves the post: a rejection or a request for changes ends the review at once; an approval that
 * completes the last step approves it (and schedules it when it has a time). A final decision
 * purges the as-uploaded originals, which only the review needed.
 */
export async function applyDecision(s: DecisionScope, post: Post, revisionId: string, policy: EffectivePolicy, step: CurrentStep, decision: Decision): Promise<DecisionOutcome> {
  let state = post.state;
  if (decision === "REJECT") state = nextState(state, "reject");
  if (decision === "REQUEST_CHANGES") state = nextState(state, "requestChanges");
  const after = decision === "APPROVE" ? await currentStep(s.tx, s.org.id, policy, post, revisionId) : step;
  if (decision === "APPROVE" && after === null) {
    state = nextState(state, "approve");
    if (post.scheduledAt) state = nextState(state, "schedule");
  }
  const updated = await s.tx.post.update({ where: { id: post.id, orgId: s.org.id }, data: { state } });
  if (state === "APPROVED" || state === "SCHEDULED" || state === "REJECTED") {
    await purgePostOriginals({ tx: s.tx, orgId: s.org.id, actorId: s.actorId, ...(s.actorLabel ? { actorLabel: s.actorLabel } : {}), request: s.request }, post.id);
  }
  return { post: updated, from: post.state, to: state, after };
}

/**
 * Tells whom the decision concerns: the author when the review ended (everyone's "waiting for your
 * review" retired), else the next step's approvers, or, for a CLIENT step, a mailed link for each of
 * its client approvers. Returns the outbox ids to deliver after the commit.
 */
export async function announceDecision(s: DecisionScope, o: DecisionOutcome, step: CurrentStep, revisionId: string, decision: Decision): Promise<string[]> {
  const org = { orgId: s.org.id, orgSlug: s.org.slug, orgName: s.org.name, postId: o.post.id, request: s.request };
  if (o.to !== o.from) {
    await retireReviewNotifications(s.tx, s.org.id, o.post.id);
    const kind = decision === "REJECT" ? "rejected" : decision === "REQUEST_CHANGES" ? "changes_requested" : "approved";
    return notifyUsers(s.tx, { ...org, kind, userIds: [o.post.authorId] });
  }
  if (!o.after || o.after.index === step.index) return [];
  if (o.after.step.mode === "CLIENT") {
    const links = await issueClientApprovalLinks(s.tx, {
      org: s.org, post: o.post, revisionId, step: o.after.index, approverIds: o.after.step.clientApproverIds, sentById: null,
      actor: { actorId: s.actorId, ...(s.actorLabel ? { actorLabel: s.actorLabel } : {}) }, request: s.request,
    });
    return links.mailIds;
  }
  return notifyUsers(s.tx, { ...org, kind: "ready_for_review", userIds: await eligibleApprovers(s.tx, s.org.id, o.after.step, o.post.authorId) });
}
