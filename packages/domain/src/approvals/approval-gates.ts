import type { Post, Tx } from "@vetted/db";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertConsentCoverage } from "../consents/assert-consent-coverage";

export const MIN_JUSTIFICATION = 20;

/**
 * What must hold before anyone may approve: a finished, clean-or-overridden scan of this revision.
 * A blocking finding that nobody dismissed needs a compliance officer's written justification,
 * which is audited on its own so overrides can be reviewed later. Consents for the people shown in
 * its images are not overridable: no justification makes an unauthorized patient photo lawful.
 */
export async function assertApprovalGates(tx: Tx, ctx: TenantContext, post: Post, revisionId: string, justification: string | undefined, mayOverride: boolean) {
  const scan = await tx.scanJob.findFirst({ where: { orgId: ctx.org.id, revisionId, status: "SUCCEEDED" } });
  if (!scan) throw new AppError("CONFLICT", "This revision has no finished scan yet");
  await assertConsentCoverage(tx, ctx.org.id, post, revisionId);
  const blocking = await tx.finding.count({ where: { orgId: ctx.org.id, revisionId, blocking: true, dismissedAt: null } });
  if (blocking === 0) return;
  if (!mayOverride) {
    throw AppError.forbidden(`This post has ${blocking} blocking finding${blocking === 1 ? "" : "s"}: only a compliance officer can approve it, with a written override`);
  }
  if (!justification || justification.length < MIN_JUSTIFICATION) {
    throw new AppError("VALIDATION", "Blocking findings need a written override justification", {
      overrideJustification: [`Explain in at least ${MIN_JUSTIFICATION} characters why this post may be published despite ${blocking} blocking finding${blocking === 1 ? "" : "s"}`],
    });
  }
  await recordAuditEvent(tx, {
    orgId: ctx.org.id, actorId: ctx.user.id, action: "post.override", targetType: "Post", targetId: post.id,
    metadata: { revisionId, blockingFindings: blocking, justificationLength: justification.length }, request: ctx.request,
  });
}
