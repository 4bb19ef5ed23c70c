import { createHash, randomBytes } from "node:crypto";

export const INVITE_TTL_HOURS = 72;

/** 256 random bits, URL-safe. Only its SHA-256 is stored, so a database read cannot accept invites. */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const looksLikeInviteToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
