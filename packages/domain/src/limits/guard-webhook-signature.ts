import type { RequestMeta } from "../context";
import { isAppError } from "../errors";
import { abuseLimiter, type AbuseLimiter } from "./abuse-limiter";
import { refuse } from "./enforce-limits";

/** A delivery whose signature (or shared secret) is missing or wrong. */
export const isBadSignature = (e: unknown): boolean => isAppError(e) && e.code === "UNAUTHENTICATED";

/**
 * Runs a webhook's verify-and-ingest. Only refused signatures are counted, per IP; the one that
 * crosses the budget, and every bad one after it in the window, is answered 429 instead of 401. A
 * delivery that verifies is never counted nor refused, whatever the IP's count: a platform must
 * never be turned away for its own volume. An unknown IP (no trusted proxy) is not counted.
 */
export async function guardWebhookSignature<T>(request: RequestMeta, run: () => Promise<T>, limiter?: AbuseLimiter): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!request.ip || !isBadSignature(error)) throw error;
    const counter = limiter ?? abuseLimiter();
    const refusal = await counter.consume([{ limit: "webhook.bad_signatures", subject: request.ip }]);
    if (refusal) await refuse(refusal, { orgId: null, actorId: null, actorLabel: "webhook" }, counter);
    throw error;
  }
}
