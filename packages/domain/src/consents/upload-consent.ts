import { randomUUID } from "node:crypto";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { mediaStorage } from "../media/storage";
import { sha256 } from "../media/media-files";
import { parseInput } from "../validate";
import { authorizationElements, day, dayOrTime, requireExpiration, requiredText } from "./authorization-fields";
import { checkConsentFile, CONSENT_MAX_BYTES, consentFileTooLarge } from "./consent-file";
import { consentAad, consentFileKey, toConsentSummary, type ConsentField } from "./consent-records";
import { encryptField, encryptOptional, envelopeKeyId, nameIndex } from "./crypto";

const stated = (what: string) => z.literal(true, { message: `The signed form must contain the statement ${what} (45 CFR 164.508(c)(2)); without it the authorization is not valid` });

export const uploadConsentSchema = z
  .object({
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "Attach the signed form (PDF, JPEG or PNG)" }),
    // Accepted and dropped: a file name is often the patient's name.
    filename: z.string().max(1000).optional(),
    ...authorizationElements,
    dateOfBirth: day.optional(),
    mrn: z.string().trim().max(64, "Keep the MRN under 64 characters").optional().transform((v) => v || undefined),
    signerName: requiredText(200, "Enter who signed the form"),
    isRepresentative: z.boolean().default(false),
    representativeAuthority: z.string().trim().max(300).optional().transform((v) => v || undefined),
    signedAt: dayOrTime,
    ackRightToRevoke: stated("on the right to revoke in writing"),
    ackNoConditioning: stated("that treatment is not conditioned on signing"),
    ackRedisclosure: stated("on redisclosure by the recipient"),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    requireExpiration(d, ctx);
    if (d.isRepresentative && !d.representativeAuthority) issue("representativeAuthority", "Describe the representative's authority to sign for the patient");
    if (Date.parse(d.signedAt) > Date.now()) issue("signedAt", "The signature date cannot be in the future");
    if (d.expiresAt && Date.parse(d.expiresAt) <= Date.parse(d.signedAt)) issue("expiresAt", "The expiration must be after the signature date");
    if (d.dateOfBirth && Date.parse(d.dateOfBirth) > Date.now()) issue("dateOfBirth", "The date of birth cannot be in the future");
  });
export type UploadConsentInput = z.input<typeof uploadConsentSchema>;

/**
 * Registers a signed authorization: every check runs before anything is written, the file is
 * stored as uploaded (hash recorded), and if the row cannot be written the file is removed again.
 */
export async function uploadConsent(ctx: TenantContext, input: UploadConsentInput) {
  assertCan(ctx, "consents.upload");
  // Size before anything else reads the bytes.
  if (input?.bytes instanceof Uint8Array && input.bytes.length > CONSENT_MAX_BYTES) throw consentFileTooLarge();
  const d = parseInput(uploadConsentSchema, input);
  const mime = await checkConsentFile(d.bytes);

  const orgId = ctx.org.id;
  const id = randomUUID();
  const enc = (field: ConsentField, v: string) => encryptField(v, consentAad(orgId, id, field));
  const encOpt = (field: ConsentField, v: string | undefined) => encryptOptional(v, consentAad(orgId, id, field));
  const subjectNameCipher = enc("subjectName", d.subjectName);
  const data = {
    id, orgId, subjectNameCipher, keyId: envelopeKeyId(subjectNameCipher), nameIndex: nameIndex(orgId, d.subjectName),
    dobCipher: encOpt("dob", d.dateOfBirth), mrnCipher: encOpt("mrn", d.mrn),
    descriptionCipher: enc("description", d.informationDescription), discloser: d.discloser, recipients: d.recipients,
    channels: d.channels, purposes: d.purposes, expiresAt: d.expiresAt ? new Date(d.expiresAt) : null, expirationEvent: d.expirationEvent ?? null,
    signerNameCipher: enc("signerName", d.signerName), isRepresentative: d.isRepresentative,
    representativeAuthorityCipher: d.isRepresentative ? encOpt("representativeAuthority", d.representativeAuthority) : null,
    signedAt: new Date(d.signedAt), ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true,
    fileKey: consentFileKey(orgId, id), fileMime: mime, fileSha256: sha256(d.bytes), fileBytes: d.bytes.length, uploadedById: ctx.user.id,
  };

  const storage = mediaStorage();
  await storage.put(data.fileKey, d.bytes);
  try {
    const consent = await ctx.db.$transaction(async (tx) => {
      const row = await tx.consent.create({ data });
      await recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: "consent.uploaded", targetType: "Consent", targetId: id,
        metadata: {
          mime, bytes: data.fileBytes, sha256: data.fileSha256, keyId: data.keyId, channels: d.channels, purposes: d.purposes,
          hasDateOfBirth: !!d.dateOfBirth, hasMrn: !!d.mrn, isRepresentative: d.isRepresentative, hasExpiryDate: !!d.expiresAt,
        },
        request: ctx.request,
      });
      return row;
    });
    return { consent: toConsentSummary(consent, true) };
  } catch (error) {
    await storage.delete(data.fileKey).catch(() => undefined);
    throw error;
  }
}
