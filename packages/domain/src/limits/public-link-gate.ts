import { RateLimitedError } from "../errors";
import { abuseLimiter, type AbuseLimiter } from "./abuse-limiter";
import { LIMITS } from "./limit-table";

/**
 * The public links' pages, before they render: an address already over its budget of misses
 * (guard-public-link.ts) gets the refusal here, so the proxy can answer 429 with Retry-After, which
 * an App Router page cannot. Only a peek: nothing is counted and nothing audited (the miss that
 * crossed the budget was, once for its window). Kept apart from the rest of the limits so the
 * proxy loads the counters only, not the database client.
 */
export async function publicLinkGate(ip: string | null, limiter?: AbuseLimiter): Promise<RateLimitedError | null> {
  if (!ip) return null;
  const gate = await (limiter ?? abuseLimiter()).peek({ limit: "public_link.misses", subject: ip });
  return gate ? new RateLimitedError(gate.retryAfterSeconds, gate.limit, LIMITS[gate.limit].what) : null;
}

/** The pages a public link opens (its token is the last segment); their routes and actions are guarded where they run. */
export const PUBLIC_LINK_PAGE = /^\/(sign|ack|invite|reset-password|approve)\/[^/]+\/?$/;
