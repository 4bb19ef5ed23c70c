// Request ids: one per web request, on every log line about it and in its 5xx answers, so a user can
// quote it to support and an operator can find the lines. An id the client (or a proxy in front)
// sends is kept only when it is plainly an id: it lands in logs and response headers, so it must not
// be able to carry text, markup or line breaks.

export const REQUEST_ID_HEADER = "x-request-id";

/** Letters, digits, dot, underscore and dash; 8 to 128 of them (a UUID, a ULID, a proxy's trace id). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

/** The incoming id when it matches REQUEST_ID_PATTERN, otherwise a new random UUID. */
export function acceptRequestId(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : globalThis.crypto.randomUUID();
}

/**
 * The id of the request these headers came with: the one the web proxy settled on and forwarded, or,
 * on a path the proxy does not run for (webhooks), the caller's when it is plainly an id, else a new one.
 */
export function requestIdFrom(headers: Pick<Headers, "get">): string {
  return acceptRequestId(headers.get(REQUEST_ID_HEADER));
}
