import { scopedDb } from "@vetted/db";
import { PlatformError } from "../platforms/platform-error";
import type { TikTokClient } from "../platforms/tiktok-client";
import { REQUIRED_SCOPES } from "./account-connect";
import type { CheckedAccount, Verdict } from "./check-connected-accounts";
import { openField } from "./moderation-crypto";
import { withTikTokAccountToken, type TikTokTokenOptions } from "./tiktok-account-token";

// The account check for a TikTok account (check-connected-accounts.ts), as for X: the token is
// refreshed first (TikTok answers the grant's scopes with it) and the profile read with it. A refused
// grant whose tokens ran out is EXPIRED; one refused while it should still work was revoked (the
// account holder removed the app): REVOKED. A grant without a scope moderation needs is REVOKED with
// MISSING_PERMISSIONS. The admins are told by the caller (mark-account-token-invalid.ts).

export async function inspectTikTok(tiktok: TikTokClient, tokens: TikTokTokenOptions, a: CheckedAccount): Promise<Verdict> {
  try {
    await withTikTokAccountToken({ orgId: a.orgId, accountId: a.id }, (token) => tiktok.getBusiness(token, a.externalId), { ...tokens, forceRefresh: true });
  } catch (error) {
    if (!(error instanceof PlatformError) || error.code !== "TOKEN_INVALID") throw error;
    const ranOut = (a.refreshTokenExpiresAt && a.refreshTokenExpiresAt.getTime() <= Date.now()) || (!a.refreshTokenCipher && a.tokenExpiresAt && a.tokenExpiresAt.getTime() <= Date.now());
    return ranOut ? { status: "EXPIRED", code: "TOKEN_EXPIRED" } : { status: "REVOKED", code: "TOKEN_INVALID" };
  }
  const row = await scopedDb(a.orgId).connectedAccount.findFirstOrThrow({ where: { id: a.id, orgId: a.orgId }, select: { tokenExpiresAt: true, scopes: true, tokenCipher: true } });
  if (REQUIRED_SCOPES.TIKTOK.some((s) => !row.scopes.includes(s))) return { status: "REVOKED", code: "MISSING_PERMISSIONS" };
  // Compared decrypted: a key rotation rewrites the envelope of the same token.
  const token = (cipher: string | null) => (cipher ? openField(cipher, "connected-account", a.orgId, a.id, "token") : null);
  return { status: "ACTIVE", expiresAt: row.tokenExpiresAt, scopes: row.scopes, resubscribed: false, refreshed: token(row.tokenCipher) !== token(a.tokenCipher) };
}
