import { consentEnv, type ConsentKeys } from "@vetted/config";
import { db, Prisma, scopedDb, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { consentAad, mediaPersonAad } from "./consent-records";
import { consentRequestAad } from "./consent-request-records";
import { decryptField, encryptField } from "./crypto";

/** A table with encrypted columns: which columns, the AAD of each, and how to audit a re-encryption. */
interface EncryptedTable {
  table: "Consent" | "ConsentRequest" | "MediaPerson";
  columns: Record<string, (orgId: string, rowId: string) => string>;
  /** Rows still under another key: by the row's keyId column, or (no such column) by the envelope prefix. */
  stale: (active: string) => Prisma.Sql;
  audit: (row: { id: string; keyId?: string }, active: string) => { action: string; targetType: string; targetId: string; metadata: Record<string, unknown> };
}

const byKeyId = (active: string) => Prisma.sql`"keyId" <> ${active}`;

const TABLES: EncryptedTable[] = [
  {
    table: "Consent",
    columns: {
      subjectNameCipher: (o, r) => consentAad(o, r, "subjectName"),
      dobCipher: (o, r) => consentAad(o, r, "dob"),
      mrnCipher: (o, r) => consentAad(o, r, "mrn"),
      descriptionCipher: (o, r) => consentAad(o, r, "description"),
      signerNameCipher: (o, r) => consentAad(o, r, "signerName"),
      representativeAuthorityCipher: (o, r) => consentAad(o, r, "representativeAuthority"),
    },
    stale: byKeyId,
    audit: (row, active) => ({ action: "consent.reencrypted", targetType: "Consent", targetId: row.id, metadata: { fromKeyId: row.keyId, toKeyId: active } }),
  },
  {
    table: "ConsentRequest",
    columns: {
      subjectNameCipher: (o, r) => consentRequestAad(o, r, "subjectName"),
      descriptionCipher: (o, r) => consentRequestAad(o, r, "description"),
      emailCipher: (o, r) => consentRequestAad(o, r, "email"),
    },
    stale: byKeyId,
    audit: (row, active) => ({ action: "consent_request.reencrypted", targetType: "ConsentRequest", targetId: row.id, metadata: { fromKeyId: row.keyId, toKeyId: active } }),
  },
  {
    // Position notes carry their key id only inside the envelope ("v1:<keyId>:…").
    table: "MediaPerson",
    columns: { labelCipher: (o, r) => mediaPersonAad(o, r) },
    stale: (active) => Prisma.sql`"labelCipher" IS NOT NULL AND "labelCipher" NOT LIKE ${`v1:${active}:%`}`,
    audit: (row, active) => ({ action: "media.person_reencrypted", targetType: "MediaPerson", targetId: row.id, metadata: { toKeyId: active } }),
  },
];

/**
 * Key rotation, second half: after a new key is added to CONSENT_KEYS and made active, every
 * ciphertext still under an older key id is decrypted and written again under the active one, one
 * row per transaction (row-locked, SKIP LOCKED so two workers share the work). Once nothing is left
 * under an old id, that id can be removed from CONSENT_KEYS. Safe to run repeatedly.
 */
export async function reencryptConsentData(opts: { limit?: number; keys?: ConsentKeys; orgId?: string } = {}): Promise<Record<EncryptedTable["table"], number>> {
  const { limit = 200, keys = consentEnv() } = opts;
  const counts = { Consent: 0, ConsentRequest: 0, MediaPerson: 0 };
  for (const t of TABLES) {
    // Across every org unless told otherwise (this is the worker's sweep); each row is then handled in its own org.
    const scope = opts.orgId ? Prisma.sql`"orgId" = ${ORG_ID}::uuid AND` : Prisma.empty;
    const sweep = rawSql(db(), opts.orgId ? forOrg(opts.orgId) : acrossOrgs("consent key rotation: the worker's sweep of every org"));
    const stale = await sweep.query<{ id: string; orgId: string }[]>`
      SELECT id::text, "orgId"::text FROM ${Prisma.raw(`"${t.table}"`)} WHERE ${scope} ${t.stale(keys.activeKeyId)} LIMIT ${limit}`;
    for (const { id, orgId } of stale) if (await reencryptRow(t, orgId, id, keys)) counts[t.table]++;
  }
  return counts;
}

async function reencryptRow(t: EncryptedTable, orgId: string, id: string, keys: ConsentKeys): Promise<boolean> {
  const active = keys.activeKeyId;
  const names = Object.keys(t.columns);
  const cols = Prisma.raw(names.map((c) => `"${c}"`).join(", "));
  return scopedDb(orgId).$transaction(async (tx) => {
    // Re-checked under the row lock: another worker may have just done it.
    const inOrg = rawSql(tx, forOrg(orgId));
    const [row] = await inOrg.query<Record<string, string | null>[]>`
      SELECT ${cols}${t.table === "MediaPerson" ? Prisma.empty : Prisma.sql`, "keyId"`} FROM ${Prisma.raw(`"${t.table}"`)}
      WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid AND ${t.stale(active)} FOR UPDATE SKIP LOCKED`;
    if (!row) return false;
    const sets = names.flatMap((c) => {
      const envelope = row[c];
      if (!envelope) return [];
      const aad = t.columns[c]!(orgId, id);
      return [Prisma.sql`${Prisma.raw(`"${c}"`)} = ${encryptField(decryptField(envelope, aad, keys), aad, keys)}`];
    });
    if (t.table !== "MediaPerson") sets.push(Prisma.sql`"keyId" = ${active}`);
    await inOrg.execute`UPDATE ${Prisma.raw(`"${t.table}"`)} SET ${Prisma.join(sets)} WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid`;
    await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId, ...t.audit({ id, keyId: row.keyId ?? undefined }, active) });
    return true;
  });
}
