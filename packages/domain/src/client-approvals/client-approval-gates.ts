import type { Post, Tx } from "@vetted/db";
import { consentCoverageProblem } from "../consents/assert-consent-coverage";

/**
 * Why a client approver may not approve this revision, or null when they may. A client's approval
 * satisfies its own policy step and nothing more: the scan must have finished, every blocking
 * finding must carry a compliance officer's written override given with a live approval of this
 * revision (the client cannot approve over one), and everyone shown must be covered by a verified
 * consent (nobody can approve over that). The same checks as decidePost's gates, read-only, so the
 * page can say so before the approver tries.
 */
export async function clientApprovalObstacle(tx: Tx, post: Post, revisionId: string): Promise<string | null> {
  const orgId = post.orgId;
  const scan = await tx.scanJob.findFirst({ where: { orgId, revisionId, status: "SUCCEEDED" }, select: { id: true } });
  if (!scan) return "The safety scan of this version has not finished, so it cannot be approved yet.";
  const blocking = await tx.finding.findMany({ where: { orgId, revisionId, blocking: true, dismissedAt: null }, select: { id: true } });
  if (blocking.length > 0) {
    const approvals = await tx.approval.findMany({
      where: { orgId, postId: post.id, revisionId, voidedAt: null, decision: "APPROVE", approverId: { not: null } },
      select: { id: true },
    });
    const overridden = await tx.findingOverride.findMany({
      where: { orgId, approvalId: { in: approvals.map((a) => a.id) }, findingId: { in: blocking.map((f) => f.id) } },
      select: { findingId: true },
    });
    const cleared = new Set(overridden.map((o) => o.findingId));
    const open = blocking.filter((f) => !cleared.has(f.id)).length;
    if (open > 0) {
      return `${open} item${open === 1 ? "" : "s"} flagged by the safety scan ${open === 1 ? "has" : "have"} not been cleared by a compliance officer, so this post cannot be approved yet. You can ask for changes.`;
    }
  }
  const consent = await consentCoverageProblem(tx, orgId, post, revisionId);
  if (consent) return `A signed consent is missing for someone shown in the images, so this post cannot be approved yet (${consent}).`;
  return null;
}
