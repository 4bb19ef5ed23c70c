import { checkpointEnv, auditEnv, type CheckpointSigningKey } from "@vetted/config";
import { db } from "@vetted/db";
import { GENESIS_HASH, hashEvent, UnknownAuditKeyError } from "./hash";
import { PLATFORM_CHAIN } from "./record-audit-event";
import { checkLatestCheckpoint, checkpointFailure, type CheckpointCheck } from "./verify-audit-checkpoint";

/**
 * checkpoint: the chain against its latest signed checkpoint (null for the platform chain).
 * purgedThroughSeq (only when some): events up to this seq were purged after the retention period;
 * the chain is verified from the next one, whose prevHash must be the last purged event's hash.
 */
type Extra = {
  checkpoint: CheckpointCheck | null;
  purgedThroughSeq?: number;
};
export type ChainVerification =
  /**
   * legacyEvents (only when some): events from before the chain was keyed, at its start. Their
   * plain SHA-256 shows accidental change but not a deliberate rewrite by someone with write access.
   */
  | ({ ok: true; events: number; lastSeq: number; lastHash: string; legacyEvents?: number } & Extra)
  | ({ ok: false; events: number; brokenAt: { seq: number; id: string | null; reason: string } } & Extra);

const BATCH = 1000;

/**
 * Recomputes every hash of an org's chain (null: the platform chain) and returns the first link
 * that does not hold: a gap in sequence numbers, a prevHash that does not match its predecessor, or
 * a row whose content no longer matches its own hash (an HMAC under the key its keyId names).
 * Legacy unkeyed events are accepted only before the first keyed one: a legacy event after a keyed
 * one is a downgrade, the shape of a rewrite by someone without the key. Then the chain is held
 * against its latest signed checkpoint, which is what shows a deleted tail.
 */
export async function verifyAuditChain(
  orgId: string | null,
  keys: ReadonlyMap<string, Buffer> = auditEnv().keys,
  checkpointKey: Pick<CheckpointSigningKey, "verifyKeys"> = checkpointEnv(),
): Promise<ChainVerification> {
  const chainKey = orgId ?? PLATFORM_CHAIN;
  // After a retention purge the chain starts where the purge left it (AuditPurge), not at genesis.
  const origin = await db().auditPurge.findFirst({ where: { chainKey }, orderBy: { throughSeq: "desc" } });
  const originSeq = origin?.throughSeq ?? 0;
  const extra = (): Extra => (originSeq ? { checkpoint: null, purgedThroughSeq: originSeq } : { checkpoint: null });
  let prevHash = origin?.throughHash ?? GENESIS_HASH;
  let expectedSeq = originSeq + 1;
  let legacyEvents = 0;
  let keyedSeen = false;
  const verified = () => expectedSeq - 1 - originSeq;
  for (;;) {
    const rows = await db().auditEvent.findMany({
      where: { orgId, chainKey, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const fail = (reason: string): ChainVerification => ({ ok: false, events: verified(), brokenAt: { seq: expectedSeq, id: row.id, reason }, ...extra() });
      if (row.seq !== expectedSeq) return withCheckpoint(orgId, fail(`sequence gap: expected ${expectedSeq}, found ${row.seq}`), originSeq, checkpointKey);
      if (row.prevHash !== prevHash) return withCheckpoint(orgId, fail("prevHash does not match the previous event's hash"), originSeq, checkpointKey);
      if (!row.keyId) {
        if (keyedSeen) return withCheckpoint(orgId, fail("unkeyed (legacy) event after keyed events"), originSeq, checkpointKey);
        legacyEvents++;
      } else keyedSeen = true;
      let recomputed: string;
      try {
        recomputed = hashEvent(row, row.prevHash, keys);
      } catch (error) {
        if (error instanceof UnknownAuditKeyError) return withCheckpoint(orgId, fail(`event is keyed with key id "${error.keyId}", which is not configured`), originSeq, checkpointKey);
        throw error;
      }
      if (recomputed !== row.hash) return withCheckpoint(orgId, fail("event content does not match its hash"), originSeq, checkpointKey);
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < BATCH) break;
  }
  const result: ChainVerification = { ok: true, events: verified(), lastSeq: expectedSeq - 1, lastHash: prevHash, ...(legacyEvents ? { legacyEvents } : {}), ...extra() };
  return withCheckpoint(orgId, result, originSeq, checkpointKey);
}

/** Adds the checkpoint check; an intact chain that fails it (deleted tail, forged checkpoint) is not ok. */
async function withCheckpoint(
  orgId: string | null,
  result: ChainVerification,
  originSeq: number,
  key: Pick<CheckpointSigningKey, "verifyKeys">,
): Promise<ChainVerification> {
  if (!orgId) return result;
  const lastSeq = result.ok ? result.lastSeq : result.brokenAt.seq - 1;
  const checkpoint = await checkLatestCheckpoint(orgId, { lastSeq, originSeq }, key);
  const failure = result.ok ? checkpointFailure(checkpoint) : null;
  if (!failure) return { ...result, checkpoint };
  return { ok: false, events: result.events, brokenAt: { seq: failure.seq, id: null, reason: failure.reason }, checkpoint, ...(result.purgedThroughSeq ? { purgedThroughSeq: result.purgedThroughSeq } : {}) };
}
