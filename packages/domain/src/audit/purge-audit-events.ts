import { db, scopedDb, ORG_ID, rawSql } from "@vetted/db";
import { auditChainScope, recordAuditEvent, PLATFORM_CHAIN } from "./record-audit-event";
import { WORKER_ACTOR } from "./system-actor";

/** Audit events are kept at least six years (HIPAA 45 CFR 164.316(b)(2)); the database enforces the same. */
export const AUDIT_RETENTION_YEARS = 6;

export function auditRetentionCutoff(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - AUDIT_RETENTION_YEARS);
  return cutoff;
}

export interface AuditPurgeResult {
  purged: number;
  chains: number;
}

/**
 * The only path that deletes audit events: per chain, the prefix of events older than the retention,
 * through the SECURITY DEFINER function vetted_purge_audit_events (the app role has no DELETE on the
 * table; the function refuses any event younger than six years by the database's own clock). It
 * records the last purged event (AuditPurge), which verification takes as the chain's new origin.
 * The chain's newest event is always kept, so the chain continues from it instead of restarting at 1.
 * Each org's purge and its `audit.purged` event (counts only) commit together.
 */
export async function purgeExpiredAuditEvents(now: Date = new Date()): Promise<AuditPurgeResult> {
  const cutoff = auditRetentionCutoff(now);
  const orgs = await db().organization.findMany({ select: { id: true } });
  let purged = 0;
  let chains = 0;
  for (const orgId of [...orgs.map((o) => o.id), null]) {
    const chainKey = orgId ?? PLATFORM_CHAIN;
    const count = await (orgId ? scopedDb(orgId) : db()).$transaction(async (tx) => {
      // The purgeable prefix ends before the first event still within retention, and before the head.
      const chain = rawSql(tx, auditChainScope(orgId));
      const key = orgId ? ORG_ID : PLATFORM_CHAIN;
      const [bounds] = await chain.query<{ through: number | null }[]>`
        SELECT LEAST(
          (SELECT min(seq) - 1 FROM "AuditEvent" WHERE "chainKey" = ${key} AND "createdAt" >= ${cutoff}),
          (SELECT max(seq) - 1 FROM "AuditEvent" WHERE "chainKey" = ${key})
        ) AS through`;
      const first = await tx.auditEvent.findFirst({ where: { orgId, chainKey }, orderBy: { seq: "asc" }, select: { seq: true } });
      const through = bounds?.through ?? null;
      if (!first || through === null || through < first.seq) return 0;
      const [row] = await chain.query<{ n: number }[]>`SELECT vetted_purge_audit_events(${key}, ${through}::int, ${cutoff}) AS n`;
      const n = Number(row?.n ?? 0);
      await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId, action: "audit.purged", targetType: "AuditTrail", targetId: orgId, metadata: { purged: n, throughSeq: through } });
      return n;
    });
    if (count > 0) chains++;
    purged += count;
  }
  return { purged, chains };
}
