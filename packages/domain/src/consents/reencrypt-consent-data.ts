import { consentEnv, type ConsentKeys } from "@vetted/config";
import { ANY_ORG, db, scopedDb, type Consent } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { consentAad, mediaPersonAad, type ConsentField } from "./consent-records";
import { decryptField, encryptField } from "./crypto";

const CONSENT_FIELDS = [
  ["subjectNameCipher", "subjectName"],
  ["dobCipher", "dob"],
  ["mrnCipher", "mrn"],
  ["descriptionCipher", "description"],
  ["signerNameCipher", "signerName"],
  ["representativeAuthorityCipher", "representativeAuthority"],
] as const satisfies readonly (readonly [keyof Consent, ConsentField])[];

/**
 * Key rotation, second half: after a new key is added to CONSENT_KEYS and made active, every
 * ciphertext still under an older key id is decrypted and written again under the active one, one
 * row per transaction (row-locked, SKIP LOCKED so two workers share the work). Once nothing is left
 * under an old id, that id can be removed from CONSENT_KEYS. Safe to run repeatedly.
 */
export async function reencryptConsentData(opts: { limit?: number; keys?: ConsentKeys; orgId?: string } = {}): Promise<{ consents: number; labels: number }> {
  const { limit = 200, keys = consentEnv() } = opts;
  const active = keys.activeKeyId;
  const scope = opts.orgId ?? ANY_ORG;
  let consents = 0;
  const stale = await db().consent.findMany({ where: { orgId: scope, keyId: { not: active } }, select: { id: true, orgId: true }, take: limit });
  for (const { id, orgId } of stale) {
    const done = await scopedDb(orgId).$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Consent" WHERE id = ${id}::uuid AND "orgId" = ${orgId}::uuid AND "keyId" <> ${active} FOR UPDATE SKIP LOCKED`;
      if (!locked.length) return false;
      const row = await tx.consent.findFirstOrThrow({ where: { id, orgId } });
      const data: Partial<Record<(typeof CONSENT_FIELDS)[number][0], string>> = {};
      for (const [column, field] of CONSENT_FIELDS) {
        const envelope = row[column];
        if (envelope) data[column] = encryptField(decryptField(envelope, consentAad(orgId, id, field), keys), consentAad(orgId, id, field), keys);
      }
      await tx.consent.update({ where: { id, orgId }, data: { ...data, keyId: active } });
      await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId, action: "consent.reencrypted", targetType: "Consent", targetId: id, metadata: { fromKeyId: row.keyId, toKeyId: active } });
      return true;
    });
    if (done) consents++;
  }

  // Position notes carry their key id only inside the envelope ("v1:<keyId>:…").
  let labels = 0;
  const staleLabels = await db().mediaPerson.findMany({
    where: { orgId: scope, labelCipher: { not: null }, NOT: { labelCipher: { startsWith: `v1:${active}:` } } },
    select: { id: true, orgId: true },
    take: limit,
  });
  for (const { id, orgId } of staleLabels) {
    const done = await scopedDb(orgId).$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "MediaPerson" WHERE id = ${id}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE SKIP LOCKED`;
      const row = locked.length ? await tx.mediaPerson.findFirst({ where: { id, orgId } }) : null;
      if (!row?.labelCipher || row.labelCipher.startsWith(`v1:${active}:`)) return false;
      const aad = mediaPersonAad(orgId, id);
      await tx.mediaPerson.update({ where: { id, orgId }, data: { labelCipher: encryptField(decryptField(row.labelCipher, aad, keys), aad, keys) } });
      await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId, action: "media.person_reencrypted", targetType: "Media", targetId: row.mediaId, metadata: { personId: id, toKeyId: active } });
      return true;
    });
    if (done) labels++;
  }
  return { consents, labels };
}
