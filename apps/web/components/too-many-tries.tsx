import type { RateLimitedError } from "@vetted/domain";

/**
 * What a public link's page (signing, acknowledgement, invitation, password reset) shows to an
 * address over its budget of links that did not work (limits/guard-public-link.ts): the wait, and
 * that the link itself may be fine, for the miss that crosses the budget. A page cannot set its own
 * status in the App Router, so that one answers 200; from then on the proxy answers the pages 429
 * with Retry-After before they render (limits/public-link-gate.ts), and the link's route handlers and
 * server actions answer 429 or a form error.
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
