import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { latestAckVersion } from "./ack-records";
import { ACK_DUE_DAYS_MAX, ACK_DUE_DAYS_MIN } from "./ack-rules";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { lockManual } from "./policy-records";
import { proposePolicyVersionFromSettings } from "./propose-policy-version-from-settings";
import { lockRoster } from "./sync-workforce-members";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? Number.NaN : Number(v)) : v),
    z.number({ message: `Enter ${label}` }).int("Whole numbers only").min(min, `At least ${min}`).max(max, `At most ${max}`),
  );
/** Departments or roles of the roster: a form sends one field per ticked box (and an empty one so none ticked arrives), JSON an array. */
const rosterValues = (label: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : [v]).filter((x) => !(typeof x === "string" && x.trim() === "")),
    z
      .array(z.string({ message: `Each ${label} is text` }).transform((s) => s.trim().replace(/\s+/g, " ")).pipe(z.string().max(100, `A ${label} has at most 100 characters`)))
      .max(100, `At most 100 ${label}s`)
      .transform((xs) => [...new Set(xs)].sort()),
  );

export const updatePolicyManualSettingsSchema = z.object({
  /** A member of the org; empty clears it. */
  ownerId: z.preprocess(blank, z.uuid({ message: "Choose a member" }).nullable()).optional(),
  /** YYYY-MM-DD; empty clears it. */
  reviewDueAt: z.preprocess(blank, z.iso.date({ message: "Enter a date" }).nullable()).optional(),
  ackCadenceDays: wholeNumber("a number of days", 30, 1095).optional(),
  ackDueDays: wholeNumber("a number of days", ACK_DUE_DAYS_MIN, ACK_DUE_DAYS_MAX).optional(),
  /** Who must acknowledge: none of either means everyone. */
  ackDepartments: rosterValues("department").optional(),
  ackJobRoles: rosterValues("role").optional(),
  quizPassPercent: wholeNumber("a percentage", 0, 100).optional(),
});

const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : JSON.stringify(a) === JSON.stringify(b);

/**
 * The manual's own settings: its owner, next review date, re-acknowledgement cadence, due period, who
 * must acknowledge, and the quiz pass mark. Those in generated sections refresh the open draft or
 * propose a version. Widening who must acknowledge assigns the newcomers the newest version at once
 * (narrowing leaves existing acknowledgements as records; reminders stop for those now outside). A
 * new due period applies to acknowledgements assigned from now on. Audited with the fields changed.
 */
export async function updatePolicyManualSettings(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const d = parseInput(updatePolicyManualSettingsSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    await lockManual(tx, orgId);
    // A new scope assigns (and syncs members) below: the roster's lock before the first audit event, as its other writers take it.
    if (d.ackDepartments !== undefined || d.ackJobRoles !== undefined) await lockRoster(tx, orgId);
    const manual = await tx.policyManual.findFirst({ where: { orgId } });
    if (!manual) throw AppError.notFound("Open the manual first");
    if (d.ownerId && (await tx.membership.count({ where: { orgId, userId: d.ownerId } })) === 0) {
      throw new AppError("VALIDATION", "Some fields are invalid", { ownerId: ["The owner must be a member of this organization"] });
    }
    const wanted = {
      ownerId: d.ownerId,
      reviewDueAt: d.reviewDueAt === undefined ? undefined : d.reviewDueAt === null ? null : new Date(`${d.reviewDueAt}T12:00:00Z`),
      ackCadenceDays: d.ackCadenceDays,
      ackDueDays: d.ackDueDays,
      ackDepartments: d.ackDepartments,
      ackJobRoles: d.ackJobRoles,
      quizPassPercent: d.quizPassPercent,
    };
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => v !== undefined && !same(v, manual[k as keyof typeof manual])));
    const fields = Object.keys(changes);
    if (!fields.length) return { changed: [] as string[], proposal: null, assigned: 0, mailIds: [] as string[] };
    await tx.policyManual.update({ where: { id: manual.id, orgId }, data: changes, select: { id: true } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.settings.updated", targetType: "PolicyManual", targetId: manual.id, request: ctx.request,
      metadata: { fields, ...(d.ackDueDays !== undefined ? { ackDueDays: d.ackDueDays } : {}), ...(d.ackCadenceDays !== undefined ? { ackCadenceDays: d.ackCadenceDays } : {}), ...scopeCounts(d) },
    });
    const proposal = await proposePolicyVersionFromSettings(tx, { orgId, actorId: ctx.user.id, what: "manual", request: ctx.request });
    const version = fields.includes("ackDepartments") || fields.includes("ackJobRoles") ? await latestAckVersion(tx, orgId) : null;
    const assigned = version ? await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, actorId: ctx.user.id, request: ctx.request }) : { assigned: 0, mailIds: [] };
    return { changed: fields, proposal, assigned: assigned.assigned, mailIds: assigned.mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return { changed: result.changed, proposal: result.proposal, assigned: result.assigned };
}

/** The scope in the audit trail: department and role names are the org's own words, not personal data. */
function scopeCounts(d: { ackDepartments?: string[]; ackJobRoles?: string[] }) {
  return {
    ...(d.ackDepartments !== undefined ? { ackDepartments: d.ackDepartments } : {}),
    ...(d.ackJobRoles !== undefined ? { ackJobRoles: d.ackJobRoles } : {}),
  };
}
