import { randomUUID } from "node:crypto";
import { mailEnv } from "@vetted/config";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail, queueMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { authorizationElements, requireExpiration } from "./authorization-fields";
import { recipientsWithChannels, revocationContactText } from "./revocation-contact";
import { consentRequestAad, DAY_MS, newSigningToken, SIGNING_LINK_DAYS, toRequestSummary, type ConsentRequestField } from "./consent-request-records";
import { encryptField, encryptOptional, envelopeKeyId } from "./crypto";

// Form posts send one value as a string and several as an array; recipients come one per line.
// Nothing ticked sends no field at all: read as an empty list, so the message says what to pick.
const asList = (split: boolean) => (v: unknown) =>
  v === undefined ? [] : typeof v === "string" ? (split ? v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : [v]) : v;

export const createConsentRequestSchema = z
  .object({
    ...authorizationElements,
    // The public on the chosen channels is added from the channels themselves, so the two cannot disagree.
    recipients: z.preprocess(asList(true), z.array(authorizationElements.recipients.element).max(20).default([])),
    channels: z.preprocess(asList(false), authorizationElements.channels),
    purposes: z.preprocess(asList(false), authorizationElements.purposes),
    expiresAt: z.preprocess((v) => (v === "" ? undefined : v), authorizationElements.expiresAt),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "Email is too long")
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.email("Enter a valid email address, or leave it empty and copy the link").optional()),
  })
  .superRefine((d, ctx) => {
    requireExpiration(d, ctx);
    if (d.expiresAt && Date.parse(d.expiresAt) <= Date.now()) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "The authorization must expire in the future" });
  });
export type CreateConsentRequestInput = z.input<typeof createConsentRequestSchema>;

/**
 * Prepares an authorization for the patient to sign on their own device. The signing link is
 * returned once (only its hash is stored) and, when an email is given, mailed: the mail names the
 * org and nothing about the patient, since mailboxes are not a place for PHI.
 */
export async function createConsentRequest(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.upload");
  const d = parseInput(createConsentRequestSchema, input);
  const orgId = ctx.org.id;
  const id = randomUUID();
  const { token, tokenHash } = newSigningToken();
  const signingUrl = `${mailEnv().APP_URL}/sign/${token}`;
  const linkExpiresAt = new Date(Date.now() + SIGNING_LINK_DAYS * DAY_MS);
  const aad = (f: ConsentRequestField) => consentRequestAad(orgId, id, f);
  const subjectNameCipher = encryptField(d.subjectName, aad("subjectName"));
  const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, privacyOfficer: true, privacyAddress: true, privacyEmail: true } });
  const revocationContact = revocationContactText(org);
  if (!revocationContact) {
    throw new AppError("CONFLICT", "Set where patients send a revocation (Settings → Where patients send a revocation) before sending a form to sign: the form must say where to write.");
  }
  const recipients = recipientsWithChannels(d.recipients, d.channels);

  const { row, mailId } = await ctx.db.$transaction(async (tx) => {
    const row = await tx.consentRequest.create({
      data: {
        id, orgId, tokenHash, expiresAt: linkExpiresAt, subjectNameCipher, keyId: envelopeKeyId(subjectNameCipher),
        descriptionCipher: encryptField(d.informationDescription, aad("description")), discloser: d.discloser,
        recipients, revocationContact, channels: d.channels, purposes: d.purposes,
        authorizationExpiresAt: d.expiresAt ? new Date(d.expiresAt) : null, expirationEvent: d.expirationEvent ?? null,
        emailCipher: encryptOptional(d.email, aad("email")), createdById: ctx.user.id,
      },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "consent_request.created", targetType: "ConsentRequest", targetId: id,
      metadata: { channels: d.channels, purposes: d.purposes, emailed: !!d.email, hasExpiryDate: !!d.expiresAt, linkExpiresAt: linkExpiresAt.toISOString() },
      request: ctx.request,
    });
    const mail = d.email
      ? await queueMail(tx, {
          to: d.email,
          subject: `${ctx.org.name} asks you to review and sign an authorization`,
          text:
            `${ctx.org.name} asks you to review and sign an authorization.\n\n` +
            `Open this link on your phone or computer to read it and sign: ${signingUrl}\n\n` +
            `The link works once and expires on ${linkExpiresAt.toISOString().slice(0, 10)}. ` +
            `If you did not expect this message, you can ignore it.`,
        }, ctx.request)
      : null;
    return { row, mailId: mail?.id ?? null };
  });
  const delivery = mailId ? await deliverMail(mailId) : null;
  return { request: toRequestSummary(row, true), signingUrl, emailed: !!mailId, delivery };
}
