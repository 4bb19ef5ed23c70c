import { createHmac } from "node:crypto";
import { consentEnv } from "@vetted/config";
import type { LimitSubject } from "./limit-table";

// What a limit is kept per goes into a Redis key and, for a refusal, into the audit trail. An
// address or an IP must appear in neither in clear (an IPv4 address or a known email is also
// trivially found again from a plain SHA-256), so both hold an HMAC under a subkey derived from
// CONSENT_INDEX_KEY (every web process has it) with its own label, unrelated to the consent index.
let subkey: { from: Buffer; key: Buffer } | undefined;
function limitKey(): Buffer {
  const indexKey = consentEnv().indexKey;
  if (subkey?.from !== indexKey) subkey = { from: indexKey, key: createHmac("sha256", indexKey).update("vetted/abuse-limits/v1").digest() };
  return subkey.key;
}

/** The keyed hash (hex, 128 bits) naming one bucket: the same value of two kinds hashes apart. */
export function limitSubjectHash(per: LimitSubject, value: string): string {
  const normal = per === "email" ? value.trim().toLowerCase() : value;
  return createHmac("sha256", limitKey()).update(`${per}\u0000${normal}`, "utf8").digest("hex").slice(0, 32);
}
