import { z } from "zod";
import { channelSchema } from "../posts/post-schemas";
import { CONSENT_PURPOSES } from "./consent-vocabulary";

// Field rules shared by the two ways an authorization enters the register: a signed paper form
// uploaded by staff (upload-consent.ts) and a request the patient signs on their phone
// (create-consent-request.ts). One set of rules, so both say the same thing about the same field.

export const day = z.iso.date({ message: "Use a date like 2026-03-01" });
export const dayOrTime = z.union([day, z.iso.datetime({ offset: true, message: "Use a date like 2026-03-01" })]);
export const requiredText = (max: number, required: string) => z.string().trim().min(1, required).max(max, `Keep it under ${max} characters`);
export const optionalText = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters`).optional().transform((v) => v || undefined);

/** The 164.508(c)(1) elements (i)-(v) staff fill in: who is shown, what, by whom, to whom, why, until when. */
export const authorizationElements = {
  subjectName: requiredText(200, "Enter the patient's name as on the form"),
  informationDescription: requiredText(2000, "Describe the photos, video or information the form covers"),
  discloser: requiredText(200, "Name who discloses the information"),
  recipients: z.array(requiredText(200, "Name each recipient")).min(1, "Name at least one recipient").max(20),
  channels: z.array(channelSchema).min(1, "Pick at least one channel").transform((c) => [...new Set(c)]),
  purposes: z
    .array(z.enum(CONSENT_PURPOSES, { message: `Purpose must be one of ${CONSENT_PURPOSES.join(", ")}` }))
    .min(1, "Pick at least one purpose")
    .transform((p) => [...new Set(p)]),
  expiresAt: dayOrTime.optional(),
  expirationEvent: optionalText(300),
};

/** (v): the form must name an expiration date or an expiration event. */
export function requireExpiration(d: { expiresAt?: string; expirationEvent?: string }, ctx: z.RefinementCtx) {
  if (!d.expiresAt && !d.expirationEvent) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Enter the expiration date or the expiration event on the form" });
}
