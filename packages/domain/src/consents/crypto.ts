import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { consentEnv, type ConsentKeys } from "@vetted/config";

// Field-level encryption of consent data. The database, its backups and anyone with SQL access see
// only envelopes; the keys live in the environment. Each envelope names its key id so keys rotate:
// new data goes under CONSENT_ACTIVE_KEY_ID while older ids stay listed until re-encrypted.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Errors name a key id or a field, never the data: they end up in logs. */
export class ConsentCryptoError extends Error {
  override name = "ConsentCryptoError";
}

const keyring = (): ConsentKeys => consentEnv();

/**
 * `aad` binds the envelope to where it belongs (org, row, field): an envelope copied into another
 * row or org fails to decrypt instead of showing one patient's data as another's.
 */
export function encryptField(plaintext: string, aad: string, keys: ConsentKeys = keyring()): string {
  const key = keys.keys.get(keys.activeKeyId);
  if (!key) throw new ConsentCryptoError(`The active consent key id "${keys.activeKeyId}" is not configured in CONSENT_KEYS`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keys.activeKeyId, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

/** The key id an envelope was written under (without decrypting it). */
export function envelopeKeyId(envelope: string): string {
  const parts = envelope.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION || !parts[1]) throw new ConsentCryptoError("Not a consent ciphertext (expected v1:<keyId>:<iv>:<tag>:<ct>)");
  return parts[1];
}

export function decryptField(envelope: string, aad: string, keys: ConsentKeys = keyring()): string {
  const keyId = envelopeKeyId(envelope);
  const [, , ivB64 = "", tagB64 = "", ctB64 = ""] = envelope.split(":");
  const key = keys.keys.get(keyId);
  if (!key) {
    throw new ConsentCryptoError(`Consent data is encrypted under key id "${keyId}", which is not in CONSENT_KEYS: add that key (rotation keeps old ids listed until re-encryption)`);
  }
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new ConsentCryptoError(`Malformed consent ciphertext (key id "${keyId}")`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctB64, "base64")), decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag check failed: wrong key material under that id, a modified envelope, or one moved from another row.
    throw new ConsentCryptoError(`Consent data failed its integrity check (key id "${keyId}"): it was altered, moved, or the key under that id is wrong`);
  }
}

export const encryptOptional = (v: string | null | undefined, aad: string, keys?: ConsentKeys) => (v ? encryptField(v, aad, keys) : null);
export const decryptOptional = (v: string | null, aad: string, keys?: ConsentKeys) => (v ? decryptField(v, aad, keys) : null);

/**
 * The form a name is compared in: letters and digits only, lower case, accents dropped, so
 * "  José  O'Brien-Smith ", "jose obrien smith" and "JOSE OBRIENSMITH" all match. NFKD splits
 * accented letters into letter + mark and folds compatibility forms (ligatures, full-width).
 * Spaces and hyphens go too: people type a double surname with or without its hyphen.
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Keyed blind index of a name for exact-match search. The org is part of the MAC input, so the
 * same patient at two orgs gets unrelated values and rows cannot be correlated across tenants.
 */
export function nameIndex(orgId: string, name: string, keys: ConsentKeys = keyring()): string {
  return createHmac("sha256", keys.indexKey).update(`${orgId}\u0000${normalizeName(name)}`, "utf8").digest("hex");
}
