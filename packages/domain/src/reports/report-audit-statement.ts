import type { ChainVerification } from "../audit/verify-audit-chain";

// The audit trail's verification as the report states it: the result of verifyAuditChain (every hash
// recomputed, held against the latest signed checkpoint), in one sentence a board member can read
// and an auditor can check against the trail. Sequence numbers and dates only.

export interface AuditVerification {
  ok: boolean;
  events: number;
  checkedAt: string;
  lastSeq: number | null;
  brokenAtSeq: number | null;
  reason: string | null;
  checkpoint: { status: string; seq: number | null; signedAt: string | null; keyId: string | null };
  purgedThroughSeq: number | null;
  statement: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function checkpointWords(c: ChainVerification["checkpoint"]): string {
  if (!c || c.status === "none") return "No signed checkpoint had been written yet, so a deletion of the newest events could not be ruled out.";
  switch (c.status) {
    case "ok":
      return `It matches the latest signed checkpoint (event ${c.seq}, signed ${c.signedAt} with key ${c.keyId}).`;
    case "before_origin":
      return `The latest signed checkpoint (event ${c.seq}) predates the retention purge; its signature is valid.`;
    default:
      return `The latest signed checkpoint (event ${c.seq}, signed ${c.signedAt}) does not hold: ${c.status.replace("_", " ")}.`;
  }
}

export function auditVerification(result: ChainVerification, checkedAt: Date): AuditVerification {
  const c = result.checkpoint;
  const checkpoint = c && c.status !== "none" ? { status: c.status, seq: c.seq, signedAt: c.signedAt, keyId: c.keyId } : { status: "none", seq: null, signedAt: null, keyId: null };
  const at = checkedAt.toISOString();
  const purged = result.purgedThroughSeq ? ` Events 1 to ${result.purgedThroughSeq} were purged after the six-year retention; the chain was verified from the purge record on.` : "";
  const base = { events: result.events, checkedAt: at, checkpoint, purgedThroughSeq: result.purgedThroughSeq ?? null };
  if (result.ok) {
    return {
      ...base, ok: true, lastSeq: result.lastSeq, brokenAtSeq: null, reason: null,
      statement: `Verified intact on ${at}: all ${plural(result.events, "event")} of the organization's audit trail (up to event ${result.lastSeq}) were recomputed and every hash link holds. ${checkpointWords(c)}${purged}`,
    };
  }
  return {
    ...base, ok: false, lastSeq: null, brokenAtSeq: result.brokenAt.seq, reason: result.brokenAt.reason,
    statement: `VERIFICATION FAILED on ${at}: the audit trail does not hold at event ${result.brokenAt.seq} (${result.brokenAt.reason}); ${plural(result.events, "event")} before it verified. Report this to the agency's security contact.${purged}`,
  };
}
