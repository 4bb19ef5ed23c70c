import { db } from "@vetted/db";
import { auditEnv } from "@vetted/config";
import { GENESIS_HASH, hashEvent, UnknownAuditKeyError } from "./hash";
import { PLATFORM_CHAIN } from "./record-audit-event";

export type ChainVerification =
  /**
   * legacyEvents (only when some): events from before the chain was keyed, at its start. Their
   * plain SHA-256 shows accidental change but not a deliberate rewrite by someone with write access.
   */
  | { ok: true; events: number; lastSeq: number; lastHash: string; legacyEvents?: number }
  | { ok: false; events: number; brokenAt: { seq: number; id: string | null; reason: string } };

const BATCH = 1000;

/**
 * Recomputes every hash of an org's chain (null: the platform chain) and returns the first link
 * that does not hold: a gap in sequence numbers, a prevHash that does not match its predecessor, or
 * a row whose content no longer matches its own hash (an HMAC under the key its keyId names).
 * Legacy unkeyed events are accepted only before the first keyed one: a legacy event after a keyed
 * one is a downgrade, the shape of a rewrite by someone without the key.
 */
export async function verifyAuditChain(orgId: string | null, keys: ReadonlyMap<string, Buffer> = auditEnv().keys): Promise<ChainVerification> {
  const chainKey = orgId ?? PLATFORM_CHAIN;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let legacyEvents = 0;
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
      if (!row.keyId) {
        if (legacyEvents < expectedSeq - 1) return fail("unkeyed (legacy) event after keyed events");
        legacyEvents++;
      }
      let recomputed: string;
      try {
        recomputed = hashEvent(row, row.prevHash, keys);
      } catch (error) {
        if (error instanceof UnknownAuditKeyError) return fail(`event is keyed with key id "${error.keyId}", which is not configured`);
        throw error;
      }
      if (recomputed !== row.hash) return fail("event content does not match its hash");
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < BATCH) break;
  }
  return { ok: true, events: expectedSeq - 1, lastSeq: expectedSeq - 1, lastHash: prevHash, ...(legacyEvents ? { legacyEvents } : {}) };
}
