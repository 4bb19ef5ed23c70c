import { consentEnv, EnvError, type ConsentKeys } from "@vetted/config";
import { ANY_ORG, db, Prisma, acrossOrgs, rawSql } from "@vetted/db";
import { ConsentCryptoError } from "./crypto";
import { ENCRYPTED_COLUMNS, ENCRYPTED_JSON_COLUMNS } from "./encrypted-columns";
import { ident } from "./reencrypt-stored-fields";

interface KeyUse {
  /** "Table.column": names of the schema, never data. */
  where: string;
  keyId: string;
  count: number;
}

/**
 * Start-up check of the consent keys against the data: the env must parse (production refuses the
 * public development keys and malformed ones), and every key id that anything is stored under must
 * be configured, or that data could not be read: the consent register (its keyId columns, the
 * position notes' envelopes) and every envelope column of encrypted-columns.ts, JSON ones included.
 * `rowsUnderOldKeys` (consents) and `envelopesUnderOldKeys` (everything else) are what the
 * re-encryption passes still have to do. Messages name key ids and columns, never key material.
 */
export async function checkConsentKeys(keys: ConsentKeys = consentEnv()): Promise<{
  activeKeyId: string; insecureDevKeys: boolean; keyIdsInUse: string[]; rowsUnderOldKeys: number; envelopesUnderOldKeys: number;
}> {
  const consents = await db().consent.groupBy({ by: ["keyId"], where: { orgId: ANY_ORG }, _count: { _all: true } });
  const uses: KeyUse[] = [...consents.map((g) => ({ where: "Consent.keyId", keyId: g.keyId, count: g._count._all })), ...(await envelopeKeyIds())];
  const missing = uses.filter((u) => !keys.keys.has(u.keyId));
  if (missing.length) {
    const ids = [...new Set(missing.map((m) => m.keyId))].map((m) => `"${m}"`).join(", ");
    const where = [...new Set(missing.map((m) => m.where))].join(", ");
    throw new ConsentCryptoError(`Data is stored under key id(s) ${ids} that CONSENT_KEYS does not list (in ${where}): add them back before starting`);
  }
  const stale = (list: KeyUse[]) => list.filter((u) => u.keyId !== keys.activeKeyId).reduce((n, u) => n + u.count, 0);
  return {
    activeKeyId: keys.activeKeyId,
    insecureDevKeys: keys.insecureDevKeys,
    keyIdsInUse: [...new Set(uses.map((u) => u.keyId))].sort(),
    rowsUnderOldKeys: stale(uses.filter((u) => u.where === "Consent.keyId")),
    envelopesUnderOldKeys: stale(uses.filter((u) => u.where !== "Consent.keyId")),
  };
}

/** The key id of every stored envelope ("v1:<keyId>:…"), counted per column, in one statement. Cross-org on purpose. */
function envelopeKeyIds(): Promise<KeyUse[]> {
  const keyOf = (value: Prisma.Sql) => Prisma.sql`split_part(${value}, ':', 2)`;
  const text = (table: string, column: string) =>
    Prisma.sql`SELECT ${`${table}.${column}`}::text AS "where", ${keyOf(ident(column))} AS "keyId", count(*)::int AS count
      FROM ${ident(table)} WHERE ${ident(column)} IS NOT NULL GROUP BY 2`;
  const parts = [
    ...ENCRYPTED_COLUMNS.map((c) => text(c.table, c.column)),
    // The consent register's other envelopes: requests carry a keyId column, position notes only the envelope.
    Prisma.sql`SELECT 'ConsentRequest.keyId'::text AS "where", "keyId" AS "keyId", count(*)::int AS count FROM "ConsentRequest" GROUP BY 2`,
    text("MediaPerson", "labelCipher"),
    ...ENCRYPTED_JSON_COLUMNS.map((j) => {
      const obj = Prisma.sql`CASE WHEN jsonb_typeof(t.${ident(j.column)}) = 'object' THEN t.${ident(j.column)} ELSE '{}'::jsonb END`;
      return Prisma.sql`SELECT ${`${j.table}.${j.column}`}::text AS "where", ${keyOf(Prisma.sql`e.value ->> ${j.field}::text`)} AS "keyId", count(*)::int AS count
        FROM ${ident(j.table)} t, jsonb_each(${obj}) AS e
        WHERE jsonb_typeof(e.value) = 'object' AND jsonb_typeof(e.value -> ${j.field}::text) = 'string' GROUP BY 2`;
    }),
  ];
  return rawSql(db(), acrossOrgs("consent key check: counts key ids in every org's envelopes")).query<KeyUse[]>`${Prisma.join(parts, " UNION ALL ")}`;
}

/**
 * Whether a failed check is about the keys themselves (fatal for a production start) rather than,
 * say, a database that is not up yet (the check is then skipped and the first read will tell).
 */
export const isConsentKeyProblem = (error: unknown) => error instanceof EnvError || error instanceof ConsentCryptoError;
