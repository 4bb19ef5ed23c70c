import type { Consent, Db, Tx } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import { decryptField, decryptOptional, encryptField } from "./crypto";

// The shapes consents are returned in, and the encryption context of each field. Storage keys,
// ciphertexts and the blind index never leave the domain.

export type ConsentField = "subjectName" | "dob" | "mrn" | "description" | "signerName" | "representativeAuthority";

/** Binds a ciphertext to its org, row and field (the AES-GCM associated data). */
export const consentAad = (orgId: string, consentId: string, field: ConsentField) => `consent:${orgId}:${consentId}:${field}`;
export const mediaPersonAad = (orgId: string, personId: string) => `media-person:${orgId}:${personId}:label`;

/** A person's position note re-encrypted for a copy of the person (its AAD names the row). */
export function moveLabel(labelCipher: string | null, orgId: string, fromPersonId: string, toPersonId: string): string | null {
  if (!labelCipher) return null;
  return encryptField(decryptField(labelCipher, mediaPersonAad(orgId, fromPersonId)), mediaPersonAad(orgId, toPersonId));
}

export const consentFileKey = (orgId: string, consentId: string) => `${orgId}/consents/${consentId}`;

export const consentIdSchema = z.object({ consentId: z.string().uuid("Not a valid consent id") });

/** A consent of the caller's org (ids of other orgs are simply not found). */
export async function findConsent(client: Db | Tx, orgId: string, consentId: string): Promise<Consent> {
  const consent = await client.consent.findFirst({ where: { id: consentId, orgId } });
  if (!consent) throw AppError.notFound("Consent not found");
  return consent;
}

/** One row of a search: the name only when the caller may see it, nothing else identifying. */
export function toConsentSummary(c: Consent, withName: boolean) {
  return {
    id: c.id,
    displayName: withName ? decryptField(c.subjectNameCipher, consentAad(c.orgId, c.id, "subjectName")) : null,
    status: c.status,
    channels: c.channels,
    purposes: c.purposes,
    signedAt: c.signedAt,
    expiresAt: c.expiresAt,
    expirationEvent: c.expirationEvent,
    verified: c.verifiedAt !== null,
    revokedAt: c.revokedAt,
    createdAt: c.createdAt,
  };
}
export type ConsentSummary = ReturnType<typeof toConsentSummary>;

/** Every 164.508(c) element, decrypted: for consents.view only, and audited by the caller. */
export function toConsentDetail(c: Consent) {
  const aad = (f: ConsentField) => consentAad(c.orgId, c.id, f);
  return {
    ...toConsentSummary(c, true),
    dateOfBirth: decryptOptional(c.dobCipher, aad("dob")),
    mrn: decryptOptional(c.mrnCipher, aad("mrn")),
    informationDescription: decryptField(c.descriptionCipher, aad("description")),
    discloser: c.discloser,
    recipients: c.recipients,
    signerName: decryptField(c.signerNameCipher, aad("signerName")),
    isRepresentative: c.isRepresentative,
    representativeAuthority: decryptOptional(c.representativeAuthorityCipher, aad("representativeAuthority")),
    statements: { rightToRevoke: c.ackRightToRevoke, noConditioning: c.ackNoConditioning, redisclosure: c.ackRedisclosure },
    revocationMethod: c.revocationMethod,
    expiredAt: c.expiredAt,
    file: { mime: c.fileMime, bytes: c.fileBytes, sha256: c.fileSha256 },
    uploadedById: c.uploadedById,
    verifiedById: c.verifiedById,
    verifiedAt: c.verifiedAt,
  };
}
export type ConsentDetail = ReturnType<typeof toConsentDetail>;
