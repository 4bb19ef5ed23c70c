import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { lockManual } from "./policy-records";
import { proposePolicyVersionFromSettings } from "./propose-policy-version-from-settings";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? Number.NaN : Number(v)) : v),
    z.number({ message: `Enter ${label}` }).int("Whole numbers only").min(min, `At least ${min}`).max(max, `At most ${max}`),
  );

export const updatePolicyManualSettingsSchema = z.object({
  /** A member of the org; empty clears it. */
  ownerId: z.preprocess(blank, z.uuid({ message: "Choose a member" }).nullable()).optional(),
  /** YYYY-MM-DD; empty clears it. */
  reviewDueAt: z.preprocess(blank, z.iso.date({ message: "Enter a date" }).nullable()).optional(),
  ackCadenceDays: wholeNumber("a number of days", 30, 1095).optional(),
  quizPassPercent: wholeNumber("a percentage", 0, 100).optional(),
});

/**
 * The manual's own settings: its owner, next review date, re-acknowledgement cadence and quiz pass
 * mark. They appear in generated sections, so a change refreshes the open draft or proposes a version.
 */
export async function updatePolicyManualSettings(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const d = parseInput(updatePolicyManualSettingsSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    await lockManual(tx, orgId);
    const manual = await tx.policyManual.findFirst({ where: { orgId } });
    if (!manual) throw AppError.notFound("Open the manual first");
    if (d.ownerId && (await tx.membership.count({ where: { orgId, userId: d.ownerId } })) === 0) {
      throw new AppError("VALIDATION", "Some fields are invalid", { ownerId: ["The owner must be a member of this organization"] });
    }
    const wanted = {
      ownerId: d.ownerId,
      reviewDueAt: d.reviewDueAt === undefined ? undefined : d.reviewDueAt === null ? null : new Date(`${d.reviewDueAt}T12:00:00Z`),
      ackCadenceDays: d.ackCadenceDays,
      quizPassPercent: d.quizPassPercent,
    };
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => {
      if (v === undefined) return false;
      const old = manual[k as keyof typeof manual];
      return v instanceof Date || old instanceof Date ? (v as Date | null)?.getTime() !== (old as Date | null)?.getTime() : v !== old;
    }));
    const fields = Object.keys(changes);
    if (!fields.length) return { changed: [] as string[], proposal: null };
    await tx.policyManual.update({ where: { id: manual.id, orgId }, data: changes, select: { id: true } });
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "manual.settings.updated", targetType: "PolicyManual", targetId: manual.id, metadata: { fields }, request: ctx.request });
    const proposal = await proposePolicyVersionFromSettings(tx, { orgId, actorId: ctx.user.id, what: "manual", request: ctx.request });
    return { changed: fields, proposal };
  });
}
