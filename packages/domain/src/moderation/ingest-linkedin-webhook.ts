import { linkedinEnv } from "@vetted/config";
import { AppError } from "../errors";
import type { RequestOrigin } from "../request-origin";
import { linkedInChallengeAnswer, verifyLinkedInSignature } from "../platforms/linkedin-signature";
import { parseLinkedInWebhook } from "../platforms/linkedin-webhook";
import { dispatchNewCommentEvents, type IngestDeps, type IngestResult } from "./ingest-meta-webhook";
import { recordCommentDelivery } from "./record-comment-delivery";

/** LinkedIn batches 10 notifications per delivery, a few kilobytes each with their decorations. */
export const LINKEDIN_WEBHOOK_MAX_BYTES = 256 * 1024;

export interface LinkedInWebhookInput {
  rawBody: Uint8Array;
  /** The X-LI-Signature header as received. */
  signature: string | null;
  /** The webhook request (its id, settled by the route): carried by the events' jobs to the worker's log lines. */
  request?: RequestOrigin;
}

/**
 * A signed LinkedIn delivery (ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS): verify, store it
 * (encrypted), one CommentEvent per comment notification for the org whose Company Page it names
 * (LinkedIn re-delivers every 5 minutes for 8 hours: duplicates are no-ops), then queue the new
 * events. A bad or missing signature, or LinkedIn not configured, stores nothing (UNAUTHENTICATED, 401).
 */
export async function ingestLinkedInWebhook(input: LinkedInWebhookInput, deps: IngestDeps = {}): Promise<IngestResult> {
  if (input.rawBody.byteLength > LINKEDIN_WEBHOOK_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `Webhook body is larger than ${LINKEDIN_WEBHOOK_MAX_BYTES} bytes`);
  if (!verifyLinkedInSignature(input.rawBody, input.signature, linkedinEnv().LINKEDIN_CLIENT_SECRET)) {
    throw new AppError("UNAUTHENTICATED", "Missing or invalid X-LI-Signature");
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(input.rawBody).toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "Webhook body is not valid JSON", { _: ["Malformed JSON"] });
  }
  const changes = parseLinkedInWebhook(json);
  const { deliveryId, events, skipped } = await recordCommentDelivery("LINKEDIN", input.rawBody, changes, input.request);
  const dispatched = await dispatchNewCommentEvents(events, deps);
  const routed = changes.length - skipped;
  return { deliveryId, changes: changes.length, newEvents: events.length, duplicates: routed - events.length, skipped, dispatched };
}

/**
 * LinkedIn's challenge (GET ?challengeCode=…, on registration and every 2 hours): the code and its
 * HMAC under the client secret. A missing or malformed code is VALIDATION naming the parameter;
 * with LinkedIn not configured (no secret in production) it is FORBIDDEN.
 */
export function answerLinkedInChallenge(params: URLSearchParams): { challengeCode: string; challengeResponse: string } {
  const secret = linkedinEnv().LINKEDIN_CLIENT_SECRET;
  if (!secret) throw new AppError("FORBIDDEN", "LinkedIn webhooks are not configured (LINKEDIN_CLIENT_SECRET)");
  const answer = linkedInChallengeAnswer(params.get("challengeCode"), secret);
  if (!answer) throw new AppError("VALIDATION", "challengeCode is missing or malformed", { challengeCode: ["Expected LinkedIn's challenge code"] });
  return answer;
}
