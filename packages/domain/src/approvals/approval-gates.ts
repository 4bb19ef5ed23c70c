import type { Post, Tx } from "@vetted/db";
import type { TenantContext } from "../context";
import { AppError, type FieldErrors } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertConsentCoverage } from "../consents/assert-consent-coverage";
import type { EffectivePolicy } from "./approval-policy";
import {
  assertDirectIdentifiersOverridable, assertOverrideConsents, checkedOverrides, overrideFieldErrors,
  type CheckedOverride, type FindingOverridesInput,
} from "./finding-overrides";

export const MIN_JUSTIFICATION = 20;

export interface OverrideInput {
  /** The overall written justification (at least MIN_JUSTIFICATION characters). */
  justification: string | undefined;
  /** Per blocking finding: a preset reason, a justification and, for "Consent on file", the consent. */
  overrides: FindingOverridesInput;
}

/**
 * What must hold before anyone may approve: a finished, clean-or-overridden scan of this revision.
 * A blocking finding that nobody dismissed needs a compliance officer's written justification, and
 * a reason per finding, which are audited on their own so overrides can be reviewed later. An MRN,
 * SSN or date of birth is refused outright unless the org's policy allows approving over one; this
 * comes before the role check so everyone learns the real obstacle. Consents for the people shown in
 * its images are not overridable: no justification makes an unauthorized patient photo lawful.
 * Returns the per-finding reasons for the caller to store with the approval.
 */
export async function assertApprovalGates(
  tx: Tx, ctx: TenantContext, post: Post, revisionId: string, input: OverrideInput, mayOverride: boolean, policy: EffectivePolicy,
): Promise<CheckedOverride[]> {
  const scan = await tx.scanJob.findFirst({ where: { orgId: ctx.org.id, revisionId, status: "SUCCEEDED" } });
  if (!scan) throw new AppError("CONFLICT", "This revision has no finished scan yet");
  await assertConsentCoverage(tx, ctx.org.id, post, revisionId);
  const blocking = await tx.finding.findMany({
    where: { orgId: ctx.org.id, revisionId, blocking: true, dismissedAt: null },
    select: { id: true, type: true, recognizer: true, explanation: true },
    orderBy: [{ source: "asc" }, { start: "asc" }, { id: "asc" }],
  });
  const count = blocking.length;
  const fields: FieldErrors = {};
  if (count === 0) {
    overrideFieldErrors(blocking, input.overrides, fields);
    if (Object.keys(fields).length) throw new AppError("VALIDATION", "There are no blocking findings to override", fields);
    return [];
  }
  assertDirectIdentifiersOverridable(blocking, policy.overridableDirectIdentifiers);
  if (!mayOverride) {
    throw AppError.forbidden(`This post has ${count} blocking finding${count === 1 ? "" : "s"}: only a compliance officer can approve it, with a written override`);
  }
  const justification = input.justification;
  if (!justification || justification.length < MIN_JUSTIFICATION) {
    fields.overrideJustification = [`Explain in at least ${MIN_JUSTIFICATION} characters why this post may be published despite ${count} blocking finding${count === 1 ? "" : "s"}`];
  }
  overrideFieldErrors(blocking, input.overrides, fields);
  if (Object.keys(fields).length) {
    throw new AppError("VALIDATION", fields.overrideJustification ? "Blocking findings need a written override justification" : "Each blocking finding needs an override reason and a written justification", fields);
  }
  await assertOverrideConsents(tx, ctx.org.id, post, blocking, input.overrides);
  const checked = checkedOverrides(blocking, input.overrides);
  await recordAuditEvent(tx, {
    orgId: ctx.org.id, actorId: ctx.user.id, action: "post.override", targetType: "Post", targetId: post.id,
    // Codes and counts only: the justifications may name the patient. Each finding's reason is
    // audited on its own when it is stored (recordFindingOverrides).
    metadata: {
      revisionId, blockingFindings: count, justificationLength: justification!.length,
      reasonCodes: [...new Set(checked.map((c) => c.reasonCode))],
      directIdentifiers: checked.filter((c) => c.directIdentifier).length,
    },
    request: ctx.request,
  });
  return checked;
}
