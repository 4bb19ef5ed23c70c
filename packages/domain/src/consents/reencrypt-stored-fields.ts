import { consentEnv, type ConsentKeys } from "@vetted/config";
import { db, Prisma, scopedDb, type Tx, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { ConsentCryptoError, decryptField, encryptField } from "./crypto";
import { ENCRYPTED_COLUMNS, ENCRYPTED_JSON_COLUMNS, type EncryptedColumn, type EncryptedJsonColumn } from "./encrypted-columns";

// Key rotation for every envelope column outside the consent register (that one is
// reencrypt-consent-data.ts, with its keyId columns and per-row events): comment texts, tokens,
// deliveries, snapshots, group reports, coaching and incident notes (encrypted-columns.ts).

interface TablePlan {
  table: string;
  /** No orgId column (OutboxMail, UserMfa): every row counts as org null (the platform audit chain). */
  orgless: boolean;
  /** Orgless with a userId column: a run for one user covers it. */
  byUser: boolean;
  columns: readonly EncryptedColumn[];
  json: readonly EncryptedJsonColumn[];
}

/** The descriptors grouped by table: one pass, one lock and one UPDATE per row, whatever its number of columns. */
export function tablePlans(): TablePlan[] {
  const tables = [...new Set([...ENCRYPTED_COLUMNS, ...ENCRYPTED_JSON_COLUMNS].map((c) => c.table))];
  return tables.map((table) => {
    const columns = ENCRYPTED_COLUMNS.filter((c) => c.table === table);
    return { table, orgless: columns.some((c) => c.orgless), byUser: columns.some((c) => c.byUser), columns, json: ENCRYPTED_JSON_COLUMNS.filter((c) => c.table === table) };
  });
}

// Identifiers come from the descriptor list only, never from input.
export const ident = (name: string) => Prisma.raw(`"${name.replaceAll('"', "")}"`);

/** Rows holding at least one envelope under another key id than the active one. */
function stale(plan: TablePlan, prefix: string): Prisma.Sql {
  const parts = [
    ...plan.columns.map((c) => Prisma.sql`(${ident(c.column)} IS NOT NULL AND NOT starts_with(${ident(c.column)}, ${prefix}::text))`),
    ...plan.json.map((j) => {
      const obj = Prisma.sql`CASE WHEN jsonb_typeof(${ident(j.column)}) = 'object' THEN ${ident(j.column)} ELSE '{}'::jsonb END`;
      return Prisma.sql`EXISTS (SELECT 1 FROM jsonb_each(${obj}) AS e WHERE jsonb_typeof(e.value) = 'object'
        AND jsonb_typeof(e.value -> ${j.field}::text) = 'string' AND NOT starts_with(e.value ->> ${j.field}::text, ${prefix}::text))`;
    }),
  ];
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

export interface ReencryptResult {
  /** Rows written again under the active key, per table. */
  byTable: Record<string, number>;
  rows: number;
  /** Envelopes that could not be opened (unknown key id, altered, moved): left as they are. */
  failed: number;
}

/**
 * Key rotation, second half, for the columns of encrypted-columns.ts: every envelope still under an
 * older key id is decrypted and sealed again under the active one (same AAD). Rows go in batches of
 * one org, one transaction each, row-locked with SKIP LOCKED (two workers share the work, a writer
 * holding a row is passed over until the next run); each batch is audited as one
 * `encryption.reencrypted` event with the table, the count and the key id, nothing of the data. At
 * most `limit` rows per table per run; safe to run repeatedly (a second run finds nothing).
 */
export async function reencryptStoredFields(opts: { keys?: ConsentKeys; orgId?: string; userId?: string; limit?: number; batchSize?: number } = {}): Promise<ReencryptResult> {
  const { keys = consentEnv(), limit = 500, batchSize = 100 } = opts;
  const prefix = `v1:${keys.activeKeyId}:`;
  const result: ReencryptResult = { byTable: {}, rows: 0, failed: 0 };
  for (const plan of tablePlans()) {
    // A run for one org leaves orgless rows (outbox mail, a person's own) to the full sweep; a run for
    // one user (`userId`) touches only that user's rows of the tables that have them.
    if (plan.orgless ? (opts.orgId && !opts.userId) || (opts.userId && !plan.byUser) : opts.userId && !opts.orgId) continue;
    const scope = plan.orgless
      ? (opts.userId ? Prisma.sql`"userId" = ${opts.userId}::uuid AND` : Prisma.empty)
      : (opts.orgId ? Prisma.sql`"orgId" = ${ORG_ID}::uuid AND` : Prisma.empty);
    const sweep = rawSql(db(), !plan.orgless && opts.orgId ? forOrg(opts.orgId) : acrossOrgs("key rotation: pages through every org's envelopes, and orgless tables"));
    const orgColumn = plan.orgless ? Prisma.sql`NULL::text AS "orgId"` : Prisma.sql`"orgId"::text`;
    let after: string | null = null;
    let done = 0;
    while (done < limit) {
      const from = after ? Prisma.sql`id > ${after}::uuid AND` : Prisma.empty;
      const page: { id: string; orgId: string | null }[] = await sweep.query`
        SELECT id::text, ${orgColumn} FROM ${ident(plan.table)} WHERE ${scope} ${from} ${stale(plan, prefix)} ORDER BY id LIMIT ${Math.min(batchSize, limit - done)}`;
      const byOrg = new Map<string | null, string[]>();
      for (const r of page) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r.id]);
      for (const [orgId, ids] of byOrg) {
        const client = orgId ? scopedDb(orgId) : db();
        const batch = await client.$transaction((tx) => reencryptBatch(tx, plan, orgId, ids, keys, prefix));
        result.byTable[plan.table] = (result.byTable[plan.table] ?? 0) + batch.rows;
        result.rows += batch.rows;
        result.failed += batch.failed;
      }
      done += page.length;
      if (page.length === 0 || page.length < batchSize) break;
      after = page.at(-1)!.id;
    }
  }
  return result;
}

async function reencryptBatch(tx: Tx, plan: TablePlan, orgId: string | null, ids: string[], keys: ConsentKeys, prefix: string) {
  const names = [...plan.columns, ...plan.json].map((c) => ident(c.column));
  const orgIs = plan.orgless ? Prisma.sql`TRUE` : orgId ? Prisma.sql`"orgId" = ${ORG_ID}::uuid` : Prisma.sql`"orgId" IS NULL`;
  const batch = rawSql(tx, !plan.orgless && orgId ? forOrg(orgId) : acrossOrgs("key rotation: rows that belong to no org"));
  // Re-checked under the row lock: another worker (or a writer) may have just done it.
  const rows = await batch.query<Record<string, unknown>[]>`
    SELECT id::text, ${Prisma.join(names)} FROM ${ident(plan.table)}
    WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) AND ${orgIs} AND ${stale(plan, prefix)}
    FOR UPDATE SKIP LOCKED`;
  const again = (envelope: string, aad: string) => encryptField(decryptField(envelope, aad, keys), aad, keys);
  let written = 0;
  let failed = 0;
  const columns = new Set<string>();
  for (const row of rows) {
    const at = { id: String(row.id), orgId };
    const sets: Prisma.Sql[] = [];
    try {
      for (const c of plan.columns) {
        const envelope = row[c.column];
        if (typeof envelope !== "string" || envelope.startsWith(prefix)) continue;
        sets.push(Prisma.sql`${ident(c.column)} = ${again(envelope, c.aad(at))}`);
        columns.add(c.column);
      }
      for (const j of plan.json) {
        const value = row[j.column];
        if (!value || typeof value !== "object" || Array.isArray(value)) continue;
        let changed = false;
        const next = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => {
          const envelope = entry && typeof entry === "object" ? (entry as Record<string, unknown>)[j.field] : undefined;
          if (typeof envelope !== "string" || envelope.startsWith(prefix)) return [key, entry];
          changed = true;
          return [key, { ...(entry as object), [j.field]: again(envelope, j.aad(at, key)) }];
        }));
        if (changed) {
          sets.push(Prisma.sql`${ident(j.column)} = ${JSON.stringify(next)}::jsonb`);
          columns.add(j.column);
        }
      }
    } catch (error) {
      if (!(error instanceof ConsentCryptoError)) throw error;
      failed++;
      continue;
    }
    if (sets.length === 0) continue;
    await batch.execute`UPDATE ${ident(plan.table)} SET ${Prisma.join(sets)} WHERE id = ${at.id}::uuid AND ${orgIs}`;
    written++;
  }
  if (written > 0) {
    await recordAuditEvent(tx, {
      ...WORKER_ACTOR, orgId, action: "encryption.reencrypted", targetType: plan.table, targetId: null,
      metadata: { rows: written, columns: [...columns].sort(), toKeyId: keys.activeKeyId },
    });
  }
  return { rows: written, failed };
}
