import { createHmac, timingSafeEqual } from "node:crypto";

// Meta signs every webhook delivery: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>.
// The HMAC must be over the exact bytes received, so callers pass the raw body, never re-serialised JSON.

const PREFIX = "sha256=";
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const bytes = (body: Uint8Array | string): Buffer => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** The X-Hub-Signature-256 header value for a body (used by the simulator and tests). */
export function signMetaPayload(rawBody: Uint8Array | string, secret: string): string {
  return PREFIX + createHmac("sha256", secret).update(bytes(rawBody)).digest("hex");
}

/**
 * True only when the header is "sha256=<64 hex>" and matches the body under the secret. Compared in
 * constant time; a missing, malformed or differently-sized header is false, never an exception.
 */
export function verifyMetaSignature(rawBody: Uint8Array | string, header: string | null | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const value = header.trim();
  if (value.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return false;
  const hex = value.slice(PREFIX.length).toLowerCase();
  if (!HEX_SHA256.test(hex)) return false;
  const expected = createHmac("sha256", secret).update(bytes(rawBody)).digest();
  return timingSafeEqual(expected, Buffer.from(hex, "hex"));
}

/**
 * Graph's appsecret_proof: HMAC-SHA256(app secret, access token) in hex. Sent with every call so a
 * leaked token alone cannot be used from elsewhere when the app requires the proof.
 */
export function appSecretProof(accessToken: string, secret: string): string {
  return createHmac("sha256", secret).update(accessToken).digest("hex");
}

/**
 * The subscription handshake: GET {callback}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…
 * The challenge (to send back as the body, status 200) when the token matches, else null (answer 403).
 */
export function metaHandshakeChallenge(params: URLSearchParams, verifyToken: string): string | null {
  const token = params.get("hub.verify_token") ?? "";
  const challenge = params.get("hub.challenge");
  if (params.get("hub.mode") !== "subscribe" || !challenge || !verifyToken) return null;
  // Compare digests so the lengths match and the comparison time says nothing about the token.
  const digest = (s: string) => createHmac("sha256", "handshake").update(s).digest();
  if (!timingSafeEqual(digest(token), digest(verifyToken))) return null;
  // Only the characters Meta uses (digits); anything else could turn the echo into reflected content.
  return /^[A-Za-z0-9_-]{1,128}$/.test(challenge) ? challenge : null;
}
