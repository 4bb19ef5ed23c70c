import type { Channel } from "@vetted/db";
import { jobIdFor } from "@vetted/queue";
import { sha256Hex } from "./moderation-crypto";

export interface DedupeParts {
  platform: Channel;
  accountExternalId: string;
  objectId: string;
  verb: string;
  /** Platform event time, unix seconds. */
  time: number;
}

/**
 * The identity of one change: sha256 of (platform, account, object, verb, event time). Every copy of
 * a delivery the platform retries gives the same key, so the unique index turns it into a no-op. Ids
 * and a time only: the key is also the job id, which shows up in logs and dashboards.
 */
export function commentDedupeKey(p: DedupeParts): string {
  return sha256Hex([p.platform, p.accountExternalId, p.objectId, p.verb, String(p.time)].join("\n"));
}

/** The BullMQ job id of a comment event: derived from its dedupe key, so a second add is a no-op. */
export const commentEventJobId = (dedupeKey: string) => jobIdFor("comments", "event", dedupeKey);

export interface PolledChangeParts {
  platform: Channel;
  accountExternalId: string;
  objectId: string;
  /** The state held and the state listed, each "<text sha256 or none>:<hidden>". */
  from: string;
  to: string;
}

/**
 * The identity of a difference the reconciliation poll found between a comment as stored and as
 * listed. Listing the same difference again (a second poll before the first event was processed)
 * gives the same key, so it inserts nothing; a later, different change gives a new one.
 */
export function polledChangeKey(p: PolledChangeParts): string {
  return sha256Hex(["poll", p.platform, p.accountExternalId, p.objectId, p.from, p.to].join("\n"));
}
