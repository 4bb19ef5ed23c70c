import { createHmac } from "node:crypto";
import { consentEnv } from "@vetted/config";

// The scanner's allow list (ScanAllowTerm) teaches it "this exact term is not PHI here". For most
// types the term is harmless on its own ("flu shot", "Main Street Clinic"). For identifier types it
// is not: an allow-listed patient name, MRN, date of birth or phone number would sit in plaintext in
// a table any support query or backup shows. Those are stored as a keyed hash of the normalized term
// instead and matched at scan time by hashing each finding the same way. Allow-listing them stays
// useful (the officer's own staff nicknames, the org's main phone line, a recurring event date)
// while the table gives nothing away; the price is exact matching only (no "any part of the name").

/** Identifier types whose term is itself PHI: never stored in plaintext. */
export const HASHED_ALLOW_TYPES: ReadonlySet<string> = new Set(["NAME", "ID", "DATE", "CONTACT"]);

// A subkey derived from CONSENT_INDEX_KEY (the blind-index key of the consent register, which every
// process that scans already has) with its own label, so the two uses never collide: a name's
// consent index and its allow-list hash are unrelated values.
let subkey: { from: Buffer; key: Buffer } | undefined;
function allowKey(): Buffer {
  const indexKey = consentEnv().indexKey;
  if (subkey?.from !== indexKey) subkey = { from: indexKey, key: createHmac("sha256", indexKey).update("vetted/scanner-allow-term/v1").digest() };
  return subkey.key;
}

/**
 * The canonical form of a term: accents folded, lower case, punctuation and spacing collapsed. IDs
 * and contacts with 7+ digits compare by their digits alone, so "(555) 201-3344" and "555.201.3344"
 * are one term.
 */
export function canonicalAllowTerm(type: string, text: string): string {
  if (type === "ID" || type === "CONTACT") {
    const digits = text.replace(/\D/g, "");
    if (digits.length >= 7) return `#${digits}`;
  }
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}@.]+/gu, " ").trim();
}

/** HMAC-SHA256 (hex) of the org, type and canonical term: the same term at two orgs hashes apart. */
export function allowTermHash(orgId: string, type: string, text: string): string {
  return createHmac("sha256", allowKey()).update(`${orgId}\u0000${type}\u0000${canonicalAllowTerm(type, text)}`, "utf8").digest("hex");
}

/** The scanner's isAllowed hook over an org's stored hashes. */
export function hashedAllowCheck(orgId: string, rows: { type: string; term: string }[]) {
  const hashes = new Set(rows.map((r) => `${r.type}:${r.term}`));
  if (hashes.size === 0) return undefined;
  return (finding: { type: string; text: string }) =>
    HASHED_ALLOW_TYPES.has(finding.type) && hashes.has(`${finding.type}:${allowTermHash(orgId, finding.type, finding.text)}`);
}
