import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { changedGeneratedKeys } from "./manual-sections";
import { policyContentSha256 } from "./policy-content-hash";
import { versionIdSchema } from "./policy-input";
import { currentSections, latestApprovedVersion, sectionsOf, versionForChange } from "./policy-records";

/** An effective date may be a minute in the past (the form's "now"), never earlier, and at most a year ahead. */
export const EFFECTIVE_PAST_GRACE_MS = 60_000;
export const EFFECTIVE_MAX_AHEAD_MS = 366 * 86_400_000;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const approvePolicyVersionSchema = z.object({
  versionId: versionIdSchema,
  /** When the version takes effect; now when absent. */
  effectiveAt: z.preprocess(blank, z.iso.datetime({ offset: true, message: "Enter when the version takes effect" }).optional()),
});

/**
 * IN_REVIEW → APPROVED, by a compliance officer who neither wrote, last edited nor submitted it. The
 * version's SHA-256 (policy-content-hash.ts) is written on the row and in the audit trail; from here
 * on the row never changes (DB trigger). Approving assigns the acknowledgements (material versions).
 */
export async function approvePolicyVersion(ctx: TenantContext, input: unknown, now = new Date()) {
  assertCan(ctx, "manual.approve");
  const d = parseInput(approvePolicyVersionSchema, input);
  const effectiveAt = d.effectiveAt ? new Date(d.effectiveAt) : now;
  if (effectiveAt.getTime() < now.getTime() - EFFECTIVE_PAST_GRACE_MS) {
    throw new AppError("VALIDATION", "A version cannot take effect in the past", { effectiveAt: ["Choose now or a later date"] });
  }
  if (effectiveAt.getTime() > now.getTime() + EFFECTIVE_MAX_AHEAD_MS) {
    throw new AppError("VALIDATION", "Choose an effective date within a year", { effectiveAt: ["At most a year ahead"] });
  }
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    const v = await versionForChange(tx, orgId, d.versionId);
    if (v.status !== "IN_REVIEW") throw new AppError("CONFLICT", v.status === "APPROVED" ? "The version is already approved" : "Submit the version for review first");
    if ([v.createdById, v.editedById, v.submittedById].includes(ctx.user.id)) {
      throw new AppError("FORBIDDEN", "You wrote, edited or submitted this version: another compliance officer approves it");
    }
    // Effective dates follow version order, so "the version in force" (latest effective date) is also the newest one in force.
    const previous = await latestApprovedVersion(tx, orgId);
    if (previous?.effectiveAt && effectiveAt < previous.effectiveAt) {
      throw new AppError("VALIDATION", `Version ${previous.number} takes effect on ${previous.effectiveAt.toISOString().slice(0, 10)}: this one cannot take effect before it`, {
        effectiveAt: [`On or after version ${previous.number}'s effective date`],
      });
    }
    const sections = sectionsOf(v);
    const stale = changedGeneratedKeys(sections, await currentSections(tx, orgId, sections));
    if (stale.length) throw new AppError("CONFLICT", "The settings changed since this version was submitted: return it to draft to bring its generated sections up to date");
    const contentSha256 = policyContentSha256({ number: v.number, effectiveAt, sections });
    await tx.policyManualVersion.update({
      where: { id: v.id, orgId },
      data: { status: "APPROVED", approvedById: ctx.user.id, approvedAt: now, effectiveAt, contentSha256 },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.approved", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, contentSha256, effectiveAt: effectiveAt.toISOString(), material: v.material },
    });
    const assigned = await assignPolicyAcknowledgements(tx, { orgId, versionId: v.id, actorId: ctx.user.id, request: ctx.request, now });
    return { versionId: v.id, number: v.number, contentSha256, effectiveAt, assigned: assigned.assigned, mailIds: assigned.mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return { versionId: result.versionId, number: result.number, status: "APPROVED" as const, contentSha256: result.contentSha256, effectiveAt: result.effectiveAt, assigned: result.assigned };
}
