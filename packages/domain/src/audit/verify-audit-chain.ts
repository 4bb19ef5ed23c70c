import { db } from "@vetted/db";
import { GENESIS_HASH, hashEvent } from "./hash";
import { PLATFORM_CHAIN } from "./record-audit-event";

export type ChainVerification =
  | { ok: true; events: number; lastSeq: number; lastHash: string }
  | { ok: false; events: number; brokenAt: { seq: number; id: string | null; reason: string } };

const BATCH = 1000;

/**
 * Recomputes every hash of an org's chain (null: the platform chain) and returns the first link
 * that does not hold: a gap in sequence numbers, a prevHash that does not match its predecessor, or
 * a row whose content no longer matches its own hash.
 */
export async function verifyAuditChain(orgId: string | null): Promise<ChainVerification> {
  const chainKey = orgId ?? PLATFORM_CHAIN;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db().auditEvent.findMany({
      where: { orgId, chainKey, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const fail = (reason: string): ChainVerification => ({
        ok: false,
        events: expectedSeq - 1,
        brokenAt: { seq: expectedSeq, id: row.id, reason },
      });
      if (row.seq !== expectedSeq) return fail(`sequence gap: expected ${expectedSeq}, found ${row.seq}`);
      if (row.prevHash !== prevHash) return fail("prevHash does not match the previous event's hash");
      const recomputed = hashEvent(row, row.prevHash);
      if (recomputed !== row.hash) return fail("event content does not match its hash");
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < BATCH) break;
  }
  return { ok: true, events: expectedSeq - 1, lastSeq: expectedSeq - 1, lastHash: prevHash };
}
