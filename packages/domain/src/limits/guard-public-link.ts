import type { RequestMeta } from "../context";
import { isAppError } from "../errors";
import { abuseLimiter, type AbuseLimiter, type LimitCheck } from "./abuse-limiter";
import { refuse, type LimitActor } from "./enforce-limits";

/** What counts as a miss: a token that matches nothing (NOT_FOUND) or is malformed (VALIDATION on the token). */
export type MissTest = (error: unknown) => boolean;
export const isUnknownToken: MissTest = (e) => isAppError(e) && (e.code === "NOT_FOUND" || (e.code === "VALIDATION" && !!e.fields?.token));

const ANONYMOUS: LimitActor = { orgId: null, actorId: null, actorLabel: "anonymous" };
const missCheck = (ip: string): LimitCheck => ({ limit: "public_link.misses", subject: ip });

/**
 * Every use of a public link (signing, acknowledgement, invitation, password reset) goes through
 * this. An IP over its budget of misses is refused before the token is looked up, so a guesser
 * learns nothing more, not even from a hit; a miss is counted, and the one that crosses the budget
 * is answered 429 instead of 404. Links that work are never counted. An unknown IP (no trusted
 * proxy) is not limited: one bucket for every client would let anyone block every patient's link.
 */
export async function guardPublicLink<T>(request: RequestMeta, run: () => Promise<T>, isMiss: MissTest = isUnknownToken, limiter?: AbuseLimiter): Promise<T> {
  const ip = request.ip;
  if (!ip) return run();
  const counter = limiter ?? abuseLimiter();
  const gate = await counter.peek(missCheck(ip));
  if (gate) await refuse(gate, ANONYMOUS, counter);
  try {
    return await run();
  } catch (error) {
    if (!isMiss(error)) throw error;
    const refusal = await counter.consume([missCheck(ip)]);
    if (refusal) await refuse(refusal, ANONYMOUS, counter);
    throw error;
  }
}
