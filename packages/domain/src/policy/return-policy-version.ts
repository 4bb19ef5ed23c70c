import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { changedGeneratedKeys } from "./manual-sections";
import { typedText, versionIdSchema } from "./policy-input";
import { asJson, currentSections, sectionsOf, versionForChange } from "./policy-records";

export const RETURN_REASON_MAX = 1000;

export const returnPolicyVersionSchema = z.object({
  versionId: versionIdSchema,
  reason: typedText("why it goes back to draft", 3, RETURN_REASON_MAX),
});

/**
 * IN_REVIEW → DRAFT with the reviewer's reason (shown on the draft; the audit records its length
 * only). An approver sends it back, or an editor withdraws it. The generated sections are refreshed.
 */
export async function returnPolicyVersion(ctx: TenantContext, input: unknown) {
  if (!can(ctx, "manual.approve")) assertCan(ctx, "manual.manage");
  const d = parseInput(returnPolicyVersionSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const v = await versionForChange(tx, orgId, d.versionId);
    if (v.status !== "IN_REVIEW") throw new AppError("CONFLICT", "Only a version in review can be returned to draft");
    const before = sectionsOf(v);
    const sections = await currentSections(tx, orgId, before);
    const refreshed = changedGeneratedKeys(before, sections);
    await tx.policyManualVersion.update({
      where: { id: v.id, orgId },
      data: { status: "DRAFT", submittedById: null, submittedAt: null, returnReason: d.reason, ...(refreshed.length ? { sections: asJson(sections) } : {}) },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.returned", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, reasonLength: d.reason.length, refreshedSections: refreshed },
    });
    return { versionId: v.id, status: "DRAFT" as const };
  });
}
