import type { RateLimitedError } from "@vetted/domain";

/**
 * What a public link's page (signing, acknowledgement, invitation, password reset) shows to an
 * address over its budget of links that did not work (limits/guard-public-link.ts): the wait, and
 * that the link itself may be fine. The proxy answers such a request with 429 before the page runs
 * (lib/public-link-gate.ts); this covers the request that crosses the budget.
 */
export function TooManyTries({ error }: { error: RateLimitedError }) {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Too many tries</h1>
      <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">
        {error.message}. If you opened the link from your message, wait that long and open it again.
      </p>
    </>
  );
}
