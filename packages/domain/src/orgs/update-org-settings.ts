import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { SLA_MINUTES } from "../moderation/comment-sla";
import { parseInput } from "../validate";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings, type SettingsArea } from "../policy/propose-policy-version-from-settings";

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** A whole number from a form field or JSON; a cleared field ("") fails as "enter a number", never 0. */
const wholeNumber = (message: string, rule: (n: z.ZodNumber) => z.ZodNumber) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === "string" ? (v.trim() === "" ? Number.NaN : Number(v)) : v))
    .pipe(rule(z.number({ message }).int("Whole numbers only")));

/**
 * HIPAA keeps compliance documentation six years (45 CFR 164.316(b)(2)(i)); a snapshot of a hidden
 * or deleted comment is evidence of what was done, so it is never kept for less.
 */
export const MIN_COMMENT_RETENTION_DAYS = 2190;
export const MAX_COMMENT_RETENTION_DAYS = 36_500;

/** A blank optional text field clears it; it is never the same as "not sent". */
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} is too long (at most ${max} characters)`).transform((v) => (v === "" ? null : v)).optional();

/** A checkbox as a form sends it: a hidden "false", then "on" when ticked (the last value wins). */
export const formSwitch = z
  .preprocess(
    (v) => (Array.isArray(v) ? v.at(-1) : v),
    z.union([z.boolean(), z.enum(["true", "false", "on", "off"], { message: "Choose on or off" })], { message: "Choose on or off" }),
  )
  .transform((v) => v === true || v === "true" || v === "on");

export const updateOrgSettingsSchema = z
  .object({
    name: z.string().trim().min(2, "Name needs at least 2 characters").max(120, "Name is too long").optional(),
    idleTimeoutMinutes: z
      .union([z.string(), z.number()])
      // A cleared field arrives as "": it must fail as "enter a number", not coerce to 0.
      .transform((v) => (typeof v === "string" ? (v.trim() === "" ? Number.NaN : Number(v)) : v))
      .pipe(
        z
          .number({ message: "Enter a number of minutes" })
          .int("Whole minutes only")
          .min(1, "At least 1 minute")
          .max(60, "HIPAA guidance: keep automatic logoff at 60 minutes or less"),
      )
      .optional(),
    timeZone: z.string().trim().refine(validZone, "Choose a time zone from the list").optional(),
    privacyOfficer: optionalText("The privacy contact", 120),
    privacyAddress: optionalText("The address", 300),
    privacyEmail: z
      .string()
      .trim()
      .refine((v) => v === "" || z.string().email().safeParse(v).success, "Enter an email address such as privacy@example.org")
      .transform((v) => (v === "" ? null : v))
      .optional(),
    // Comment moderation (issue 12). The form sends a hidden "false" and, when the box is ticked, "on"
    // after it: the last value wins, so an unticked box turns the setting off instead of meaning "unsent".
    autoHideBlocking: formSwitch.optional(),
    /** Where a platform cannot hide (LinkedIn): delete a blocked comment at once instead of escalating it. */
    autoDeleteBlocking: formSwitch.optional(),
    commentRetentionDays: wholeNumber("Enter a number of days", (n) =>
      n
        .min(MIN_COMMENT_RETENTION_DAYS, `At least ${MIN_COMMENT_RETENTION_DAYS} days: HIPAA documentation is kept six years`)
        .max(MAX_COMMENT_RETENTION_DAYS, `At most ${MAX_COMMENT_RETENTION_DAYS} days (100 years)`),
    ).optional(),
    /** Admins and compliance officers must use MFA (issue 15); the strictest of a person's orgs applies. */
    requireMfaForAdmins: formSwitch.optional(),
    firstResponseSlaMinutes: wholeNumber("Enter a number of minutes", (n) =>
      n
        .min(SLA_MINUTES.min, `At least ${SLA_MINUTES.min} minutes: the reminder goes 30 minutes before the deadline`)
        .max(SLA_MINUTES.max, `At most ${SLA_MINUTES.max} minutes (7 days, the private-reply window)`),
    ).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change", path: ["_"] });

export type OrgSettings = {
  autoDeleteBlocking: boolean;
  slug: string; name: string; idleTimeoutMinutes: number; timeZone: string; privacyOfficer: string | null; privacyAddress: string | null; privacyEmail: string | null;
  autoHideBlocking: boolean; commentRetentionDays: number; firstResponseSlaMinutes: number; requireMfaForAdmins: boolean;
};
export type OrgSettingsChange = { changed: string[]; org: OrgSettings };

const pickSettings = (o: OrgSettings): OrgSettings => ({
  slug: o.slug, name: o.name, idleTimeoutMinutes: o.idleTimeoutMinutes, timeZone: o.timeZone,
  privacyOfficer: o.privacyOfficer, privacyAddress: o.privacyAddress, privacyEmail: o.privacyEmail,
  autoHideBlocking: o.autoHideBlocking, autoDeleteBlocking: o.autoDeleteBlocking, commentRetentionDays: o.commentRetentionDays, firstResponseSlaMinutes: o.firstResponseSlaMinutes,
  requireMfaForAdmins: o.requireMfaForAdmins,
});

/** Saves what differs from the stored settings; an unchanged form writes nothing and audits nothing. */
export async function updateOrgSettings(ctx: TenantContext, input: unknown): Promise<OrgSettingsChange> {
  assertCan(ctx, "org.update");
  const wanted = parseInput(updateOrgSettingsSchema, input);
  return ctx.db.$transaction(async (tx) => {
    // The manual mirrors some of these settings (issue 13): its lock comes before the audit chain's.
    await lockManual(tx, ctx.org.id);
    const current = await tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id } });
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => value !== undefined && current[key as keyof typeof current] !== value),
    );
    const changed = Object.keys(changes);
    if (changed.length === 0) return { changed, org: pickSettings(current) };
    const org = await tx.organization.update({ where: { id: ctx.org.id }, data: changes });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "org.updated", targetType: "Organization", targetId: ctx.org.id,
      metadata: { fields: changed }, request: ctx.request,
    });
    await proposePolicyVersionFromSettings(tx, { orgId: ctx.org.id, actorId: ctx.user.id, what: settingsArea(changed), request: ctx.request });
    return { changed, org: pickSettings(org) };
  });
}

const MODERATION_FIELDS = new Set(["autoHideBlocking", "autoDeleteBlocking", "commentRetentionDays", "firstResponseSlaMinutes"]);
const CONSENT_FIELDS = new Set(["privacyOfficer", "privacyAddress", "privacyEmail"]);

/** Which part of the manual a settings change concerns, for the proposed version's "proposedBy". */
function settingsArea(changed: string[]): SettingsArea {
  if (changed.every((f) => MODERATION_FIELDS.has(f))) return "moderation";
  if (changed.every((f) => CONSENT_FIELDS.has(f))) return "consents";
  return "org";
}
