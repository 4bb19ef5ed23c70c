import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { changedGeneratedKeys } from "./manual-sections";
import { versionIdSchema } from "./policy-input";
import { asJson, currentSections, sectionsOf, versionForChange } from "./policy-records";

export const submitPolicyVersionSchema = z.object({ versionId: versionIdSchema });

/**
 * DRAFT → IN_REVIEW. The generated sections are brought up to date with the settings first, so the
 * reviewer reads what the settings say now. The submitter may not approve it.
 */
export async function submitPolicyVersion(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { versionId } = parseInput(submitPolicyVersionSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const v = await versionForChange(tx, orgId, versionId);
    if (v.status !== "DRAFT") throw new AppError("CONFLICT", v.status === "IN_REVIEW" ? "The version is already in review" : "Only a draft can be submitted");
    const before = sectionsOf(v);
    const sections = await currentSections(tx, orgId, before);
    const refreshed = changedGeneratedKeys(before, sections);
    await tx.policyManualVersion.update({
      where: { id: v.id, orgId },
      data: { status: "IN_REVIEW", submittedById: ctx.user.id, submittedAt: new Date(), returnReason: null, ...(refreshed.length ? { sections: asJson(sections) } : {}) },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.submitted", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, refreshedSections: refreshed },
    });
    return { versionId: v.id, status: "IN_REVIEW" as const };
  });
}
