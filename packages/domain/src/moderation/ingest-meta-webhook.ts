import { metaEnv } from "@vetted/config";
import type { Channel } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import { AppError } from "../errors";
import type { RequestOrigin } from "../request-origin";
import { scanProducer } from "../scans/scan-producer";
import { metaHandshakeChallenge, verifyMetaSignature } from "../platforms/meta-signature";
import { parseMetaWebhook } from "../platforms/meta-webhook";
import { dispatchCommentEventsNow, type NewCommentEvent } from "./dispatch-comment-events";
import { recordCommentDelivery } from "./record-comment-delivery";

// Kept importable from here for the reconciliation poll (feed-polled-comments.ts).
export { commentEventRow } from "./record-comment-delivery";

/** Meta batches up to 1,000 changes per delivery; a few hundred bytes each. */
export const META_WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface MetaWebhookInput {
  rawBody: Uint8Array;
  /** The X-Hub-Signature-256 header as received. */
  signature: string | null;
  /** The webhook request (its id, settled by the route): carried by the events' jobs to the worker's log lines. */
  request?: RequestOrigin;
}

export interface IngestResult {
  deliveryId: string;
  changes: number;
  newEvents: number;
  duplicates: number;
  /** Changes for pages no org has connected (or has revoked): kept in the delivery, not processed. */
  skipped: number;
  /** New events enqueued before returning; null when handed to `afterAnswer` (they go after the answer). */
  dispatched: number | null;
}

export interface IngestDeps {
  producer?: Producer;
  /** How long the answer may wait for Redis; what is not enqueued by then, the worker's sweeper sends. */
  dispatchBudgetMs?: number;
  /**
   * Schedules work for after the HTTP answer has gone out (the route passes Next's `after`): the
   * enqueue then costs the platform's wait nothing. The events are committed first and are their own
   * outbox, so a process that dies before the task runs loses nothing: the worker's sweeper sends them.
   * Returns false when it cannot schedule (no request being served): the enqueue then runs before returning.
   */
  afterAnswer?: (task: () => Promise<unknown>) => boolean;
}

/**
 * A signed Meta delivery: verify, store it (encrypted), turn each comment change into a CommentEvent
 * for the org whose account it names (duplicates are no-ops through the dedupe key), then hand the
 * new events to the queue. Nothing is scanned here: the platform wants its answer within seconds.
 * A bad or missing signature stores nothing (UNAUTHENTICATED, answered 401).
 */
export async function ingestMetaWebhook(input: MetaWebhookInput, deps: IngestDeps = {}): Promise<IngestResult> {
  if (input.rawBody.byteLength > META_WEBHOOK_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `Webhook body is larger than ${META_WEBHOOK_MAX_BYTES} bytes`);
  if (!verifyMetaSignature(input.rawBody, input.signature, metaEnv().META_APP_SECRET)) {
    throw new AppError("UNAUTHENTICATED", "Missing or invalid X-Hub-Signature-256");
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(input.rawBody).toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "Webhook body is not valid JSON", { _: ["Malformed JSON"] });
  }
  const changes = parseMetaWebhook(json);
  const platform: Channel = (json as { object?: unknown }).object === "instagram" ? "INSTAGRAM" : "FACEBOOK";

  const { deliveryId, events, skipped } = await recordCommentDelivery(platform, input.rawBody, changes, input.request);

  const dispatched = await dispatchNewCommentEvents(events, deps);
  const routed = changes.length - skipped;
  return { deliveryId, changes: changes.length, newEvents: events.length, duplicates: routed - events.length, skipped, dispatched };
}

/** The ingest's hand-off to the queue: now, or after the answer when the caller can schedule that. */
export async function dispatchNewCommentEvents(events: NewCommentEvent[], deps: IngestDeps): Promise<number | null> {
  const send = () => dispatchCommentEventsNow(events, deps.producer ?? scanProducer(), deps.dispatchBudgetMs ?? 300);
  if (!deps.afterAnswer || events.length === 0 || !deps.afterAnswer(send)) return send();
  return null;
}

/**
 * The subscription handshake (GET): the challenge to echo when hub.verify_token matches
 * META_VERIFY_TOKEN, else FORBIDDEN (answered 403).
 */
export function answerMetaHandshake(params: URLSearchParams): string {
  const challenge = metaHandshakeChallenge(params, metaEnv().META_VERIFY_TOKEN);
  if (challenge === null) throw new AppError("FORBIDDEN", "Verification token does not match");
  return challenge;
}
