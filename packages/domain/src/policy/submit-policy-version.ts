import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { parseInput } from "../validate";
import { changedGeneratedKeys } from "./manual-sections";
import { versionIdSchema } from "./policy-input";
import { asJson, currentSections, sectionsOf, versionForChange } from "./policy-records";

export const submitPolicyVersionSchema = z.object({ versionId: versionIdSchema });

/**
 * DRAFT → IN_REVIEW. The generated sections are brought up to date with the settings first, so the
 * reviewer reads what the settings say now. The submitter may not approve it; the org's other
 * compliance officers (those who may) are told in the app and by mail, through the outbox written in
 * this transaction and delivered after the commit. The notification names the org, not the text.
 */
export async function submitPolicyVersion(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { versionId } = parseInput(submitPolicyVersionSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
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
    const reviewers = await tx.membership.findMany({ where: { orgId, role: "COMPLIANCE_OFFICER", userId: { not: ctx.user.id } }, select: { userId: true } });
    const mailIds = await notifyUsers(tx, {
      orgId, orgSlug: ctx.org.slug, orgName: ctx.org.name, postId: null, kind: "policy_version_submitted", userIds: reviewers.map((r) => r.userId),
      request: ctx.request,
    });
    return { versionId: v.id, status: "IN_REVIEW" as const, notified: reviewers.length, mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return { versionId: result.versionId, status: result.status, notified: result.notified };
}
