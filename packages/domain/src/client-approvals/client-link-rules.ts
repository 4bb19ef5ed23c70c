import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { consentEnv, type ConsentKeys } from "@vetted/config";
import { hashInviteToken, looksLikeInviteToken, newInviteToken } from "../invitations/tokens";

// The rules of a client approver link (issue 16), without a database: how long things live, how
// many tries there are, and how the code is made and checked.

/** The link works this long after it was sent, once. */
export const CLIENT_LINK_HOURS = 72;
/** A mailed code is good this long. */
export const CODE_MINUTES = 15;
/** Wrong codes before the link locks for good (a new link must be sent). */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes mailed per link at most: a link cannot be used to flood the approver's mailbox. */
export const MAX_CODES_PER_LINK = 5;
/** A new code may be asked for this long after the last one. */
export const CODE_RESEND_SECONDS = 60;
/** A verified browser may look and decide this long before it needs a new code. */
export const SESSION_HOURS = 2;

const HOUR_MS = 3_600_000;

// The token in the link and the browser's session after the code are the same kind of credential
// as an invitation's token: 32 random bytes, stored only as their SHA-256.
export const newLinkToken = newInviteToken;
export const hashLinkToken = hashInviteToken;
export const looksLikeLinkToken = looksLikeInviteToken;

export const linkExpiry = (now: Date) => new Date(now.getTime() + CLIENT_LINK_HOURS * HOUR_MS);
export const codeExpiry = (now: Date) => new Date(now.getTime() + CODE_MINUTES * 60_000);
/** The session ends after SESSION_HOURS, and never after the link itself. */
export const sessionExpiry = (now: Date, linkExpiresAt: Date) => new Date(Math.min(now.getTime() + SESSION_HOURS * HOUR_MS, linkExpiresAt.getTime()));

/** Six digits, uniformly drawn (leading zeros kept). */
export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

/**
 * A code is stored as an HMAC under the index key, bound to its link: six digits are a million
 * values, so a plain hash in a leaked backup would be reversed at once.
 */
export function hashCode(linkId: string, code: string, keys: ConsentKeys = consentEnv()): string {
  return createHmac("sha256", keys.indexKey).update(`client-approval-code\u0000${linkId}\u0000${code}`, "utf8").digest("hex");
}

export function codeMatches(linkId: string, code: string, storedHash: string, keys?: ConsentKeys): boolean {
  const given = Buffer.from(hashCode(linkId, code, keys), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** When a new code may be asked for, or null when it may be now. */
export function nextCodeAt(codeSentAt: Date | null, now: Date): Date | null {
  if (!codeSentAt) return null;
  const at = new Date(codeSentAt.getTime() + CODE_RESEND_SECONDS * 1000);
  return at > now ? at : null;
}
