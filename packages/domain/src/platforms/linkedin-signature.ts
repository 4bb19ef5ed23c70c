import { createHmac, timingSafeEqual } from "node:crypto";

// LinkedIn's webhook security (learn.microsoft.com/linkedin/shared/api-guide/webhook-validation):
// - the challenge: GET {callback}?challengeCode=<uuid> → 200 JSON {challengeCode, challengeResponse}
//   with challengeResponse = hex HMAC-SHA256(client secret, challengeCode);
// - every delivery: X-LI-Signature = hex HMAC-SHA256(client secret, "hmacsha256=" + raw body).
// The HMAC is over the exact bytes received, so callers pass the raw body.

const PREFIX = "hmacsha256=";
const HEX_SHA256 = /^[0-9a-f]{64}$/;
/** LinkedIn sends a UUID; anything much longer or outside this alphabet is not its challenge. */
const CHALLENGE = /^[A-Za-z0-9-]{1,128}$/;

const bytes = (body: Uint8Array | string): Buffer => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** The X-LI-Signature header value for a body (the simulator and tests sign with it). */
export function signLinkedInPayload(rawBody: Uint8Array | string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(PREFIX).update(bytes(rawBody)).digest("hex");
}

/**
 * True only when the header is the 64-hex HMAC of the body under the client secret, compared in
 * constant time. A header that repeats the "hmacsha256=" label in front of the digest is read the same;
 * anything missing or malformed is false, never an exception.
 */
export function verifyLinkedInSignature(rawBody: Uint8Array | string, header: string | null | undefined, clientSecret: string | null): boolean {
  if (!header || !clientSecret) return false;
  let hex = header.trim().toLowerCase();
  if (hex.startsWith(PREFIX)) hex = hex.slice(PREFIX.length);
  if (!HEX_SHA256.test(hex)) return false;
  return timingSafeEqual(Buffer.from(signLinkedInPayload(rawBody, clientSecret), "hex"), Buffer.from(hex, "hex"));
}

/** The answer to LinkedIn's challenge, or null when the code is not one LinkedIn would send. */
export function linkedInChallengeAnswer(challengeCode: string | null, clientSecret: string | null): { challengeCode: string; challengeResponse: string } | null {
  if (!challengeCode || !clientSecret || !CHALLENGE.test(challengeCode)) return null;
  return { challengeCode, challengeResponse: createHmac("sha256", clientSecret).update(challengeCode).digest("hex") };
}
