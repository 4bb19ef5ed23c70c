import { checkpointEnv, type CheckpointSigningKey } from "@vetted/config";
import { scopedDb } from "@vetted/db";
import { checkpointSignatureValid } from "./checkpoint-signature";

/**
 * How the chain stands against its latest signed checkpoint (null for the platform chain, which has none):
 * - none: no checkpoint yet; ok: signature valid and the event it names is there with that hash;
 * - invalid_signature: the row is not signed by the configured key (forged or altered): refused;
 * - tail_missing: events from firstMissingSeq up to the checkpoint's seq are gone (the tail was deleted);
 * - hash_mismatch: the event the checkpoint names is there but is not the event that was anchored;
 * - before_origin: a retention purge removed the anchored event; only the signature could be checked.
 */
export type CheckpointCheck =
  | { status: "none" }
  | { status: "ok" | "invalid_signature" | "hash_mismatch" | "before_origin"; seq: number; signedAt: string; keyId: string }
  | { status: "tail_missing"; seq: number; signedAt: string; keyId: string; firstMissingSeq: number };

export interface ChainHeadFacts {
  /** The last event of the chain as verified (contiguous from the origin). */
  lastSeq: number;
  /** Events up to and including this seq were purged for retention (0: none). */
  originSeq: number;
}

export async function checkLatestCheckpoint(
  orgId: string,
  head: ChainHeadFacts,
  key: Pick<CheckpointSigningKey, "verifyKeys"> = checkpointEnv(),
): Promise<CheckpointCheck> {
  const cp = await scopedDb(orgId).auditCheckpoint.findFirst({ where: { orgId }, orderBy: { seq: "desc" } });
  if (!cp) return { status: "none" };
  const base = { seq: cp.seq, signedAt: cp.signedAt.toISOString(), keyId: cp.keyId };
  if (!checkpointSignatureValid(cp, key)) return { status: "invalid_signature", ...base };
  if (cp.seq <= head.originSeq) return { status: "before_origin", ...base };
  if (head.lastSeq < cp.seq) return { status: "tail_missing", ...base, firstMissingSeq: head.lastSeq + 1 };
  const event = await scopedDb(orgId).auditEvent.findFirst({ where: { orgId, chainKey: orgId, seq: cp.seq }, select: { hash: true } });
  return { status: event?.hash === cp.hash ? "ok" : "hash_mismatch", ...base };
}

/** The failure a checkpoint check adds to an otherwise intact chain, or null when it adds none. */
export function checkpointFailure(check: CheckpointCheck): { seq: number; reason: string } | null {
  switch (check.status) {
    case "invalid_signature":
      return { seq: check.seq, reason: `the latest checkpoint (event ${check.seq}) is not validly signed by the configured checkpoint key: forged or altered, refused` };
    case "tail_missing":
      return {
        seq: check.firstMissingSeq,
        reason: `events ${check.firstMissingSeq} to ${check.seq} are missing: the checkpoint signed ${check.signedAt} anchors event ${check.seq}`,
      };
    case "hash_mismatch":
      return { seq: check.seq, reason: `event ${check.seq} is not the event the checkpoint signed ${check.signedAt} anchors` };
    default:
      return null;
  }
}
