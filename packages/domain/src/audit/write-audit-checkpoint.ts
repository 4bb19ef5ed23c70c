import { mediaEnv, s3Settings } from "@vetted/config";
import { ANY_ORG, db, scopedDb, type AuditCheckpoint, type Tx, acrossOrgs, advisoryXactLock, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { mediaStorage, type MediaStorage } from "../media/storage";
import { checkpointDocument, signCheckpoint } from "./checkpoint-signature";

// Checkpoints anchor each org's chain head. The worker writes one hourly when the head moved; a
// compliance officer or admin can write one on demand (create-org-audit-checkpoint.ts).

export type CheckpointWrite =
  | { written: true; checkpoint: AuditCheckpoint }
  | { written: false; reason: "no_events" | "unchanged"; checkpoint: AuditCheckpoint | null }
  /** The previous checkpoint's event is gone or changed: anchoring the current head would bless the change. */
  | { written: false; reason: "previous_checkpoint_broken"; checkpoint: AuditCheckpoint };

/** Object key of a checkpoint's exported copy. */
export const checkpointObjectKey = (orgId: string, seq: number) => `audit-checkpoints/${orgId}/${seq}.json`;

/**
 * Signs and stores the org's current chain head, unless the latest checkpoint already names it. Under
 * the chain's advisory lock, so no event is appended between reading the head and anchoring it.
 */
export async function writeAuditCheckpoint(orgId: string, opts: { reason: "scheduled" | "manual"; createdById?: string | null; tx?: Tx }): Promise<CheckpointWrite> {
  const run = async (tx: Tx): Promise<CheckpointWrite> => {
    await advisoryXactLock(tx, `audit:${orgId}`);
    const chain = rawSql(tx, forOrg(orgId));
    const [head] = await chain.query<{ seq: number; hash: string }[]>`
      SELECT seq, hash FROM "AuditEvent" WHERE "chainKey" = ${ORG_ID} ORDER BY seq DESC LIMIT 1`;
    const scoped = scopedDb(orgId, tx);
    const last = await scoped.auditCheckpoint.findFirst({ where: { orgId }, orderBy: { seq: "desc" } });
    if (!head) return { written: false, reason: "no_events", checkpoint: last };
    if (last) {
      const [anchored] = await chain.query<{ hash: string }[]>`
        SELECT hash FROM "AuditEvent" WHERE "chainKey" = ${ORG_ID} AND seq = ${last.seq}`;
      if (anchored?.hash !== last.hash) return { written: false, reason: "previous_checkpoint_broken", checkpoint: last };
      if (last.seq === head.seq) return { written: false, reason: "unchanged", checkpoint: last };
    }
    const signed = signCheckpoint({ orgId, seq: head.seq, hash: head.hash, signedAt: new Date() });
    const checkpoint = await scoped.auditCheckpoint.create({ data: { ...signed, reason: opts.reason, createdById: opts.createdById ?? null } });
    return { written: true, checkpoint };
  };
  return opts.tx ? run(opts.tx) : scopedDb(orgId).$transaction(run);
}

/** The configured object store, or null when checkpoints have nowhere to be exported (no S3_ENDPOINT). */
export function checkpointExportStore(): MediaStorage | null {
  return s3Settings(mediaEnv()) ? mediaStorage() : null;
}

/**
 * Exports checkpoints not yet in the object store (the outbox: exportedAt is null), oldest first, and
 * marks each once its copy is written. A failed put leaves it for the next run.
 */
export async function exportPendingCheckpoints(store: MediaStorage | null = checkpointExportStore(), limit = 500): Promise<{ exported: number; failed: number }> {
  if (!store) return { exported: 0, failed: 0 };
  // Across orgs by design (the worker's sweep); each row is then written and marked by its own org.
  const pending = await db().auditCheckpoint.findMany({ where: { orgId: ANY_ORG, exportedAt: null }, orderBy: { signedAt: "asc" }, take: limit });
  let exported = 0;
  let failed = 0;
  for (const row of pending) {
    try {
      await store.put(checkpointObjectKey(row.orgId, row.seq), Buffer.from(`${JSON.stringify(checkpointDocument(row), null, 2)}\n`));
      await scopedDb(row.orgId).auditCheckpoint.updateMany({ where: { id: row.id, exportedAt: null }, data: { exportedAt: new Date() } });
      exported++;
    } catch {
      failed++;
    }
  }
  return { exported, failed };
}

/**
 * The worker's hourly run: a checkpoint for every org whose chain head moved past its latest
 * checkpoint, then the export of what is pending. Orgs are picked with one index lookup each.
 */
export async function checkpointAuditChains(store: MediaStorage | null = checkpointExportStore()) {
  const moved = await rawSql(db(), acrossOrgs("audit checkpoints: finds the orgs whose chain head moved")).query<{ id: string }[]>`
    SELECT o.id FROM "Organization" o
    CROSS JOIN LATERAL (SELECT seq FROM "AuditEvent" WHERE "chainKey" = o.id::text ORDER BY seq DESC LIMIT 1) h
    LEFT JOIN LATERAL (SELECT seq FROM "AuditCheckpoint" WHERE "orgId" = o.id ORDER BY seq DESC LIMIT 1) c ON true
    WHERE c.seq IS NULL OR h.seq <> c.seq`;
  let written = 0;
  let refused = 0;
  for (const { id } of moved) {
    const result = await writeAuditCheckpoint(id, { reason: "scheduled" });
    if (result.written) written++;
    else if (result.reason === "previous_checkpoint_broken") refused++;
  }
  const exports = await exportPendingCheckpoints(store);
  return { written, refused, ...exports };
}
