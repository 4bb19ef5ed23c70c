import { scopedDb } from "@vetted/db";
import type { XClient } from "../platforms/x-client";
import { PlatformError } from "../platforms/platform-error";
import { REQUIRED_SCOPES } from "./account-connect";
import type { CheckedAccount, Verdict } from "./check-connected-accounts";
import { openField } from "./moderation-crypto";
import { withXAccountToken, type XTokenOptions } from "./x-account-token";

// The account check for an X account (check-connected-accounts.ts): GET /2/users/me with the
// account's token. X has no token introspection: the scopes a grant still holds come only in the
// token response, so an account with a refresh token is refreshed first (x-account-token.ts stores
// the new pair and the scopes X answered). A grant missing a scope moderation needs is REVOKED with
// MISSING_PERMISSIONS, as a lost Meta permission. A refused token whose grant ran out (the access
// token past its end and the refresh refused) is EXPIRED; one refused while it should still work
// was revoked: REVOKED. Another account's token is REVOKED too.

export async function inspectX(x: XClient, tokens: XTokenOptions, a: CheckedAccount): Promise<Verdict> {
  let me: { id: string };
  try {
    me = await withXAccountToken({ orgId: a.orgId, accountId: a.id }, (token) => x.getMe(token), { ...tokens, forceRefresh: true });
  } catch (error) {
    if (!(error instanceof PlatformError) || error.code !== "TOKEN_INVALID") throw error;
    const ranOut = (a.tokenExpiresAt && a.tokenExpiresAt.getTime() <= Date.now()) || (a.refreshTokenExpiresAt && a.refreshTokenExpiresAt.getTime() <= Date.now());
    return ranOut ? { status: "EXPIRED", code: "TOKEN_EXPIRED" } : { status: "REVOKED", code: "TOKEN_INVALID" };
  }
  if (me.id !== a.externalId) return { status: "REVOKED", code: "ACCOUNT_MISMATCH" };
  // The token was refreshed just now (when it could be): report what is stored.
  const row = await scopedDb(a.orgId).connectedAccount.findFirstOrThrow({ where: { id: a.id, orgId: a.orgId }, select: { tokenExpiresAt: true, scopes: true, tokenCipher: true } });
  if (REQUIRED_SCOPES.X.some((s) => !row.scopes.includes(s))) return { status: "REVOKED", code: "MISSING_PERMISSIONS" };
  // Compared decrypted: a key rotation rewrites the envelope of the same token.
  const token = (cipher: string | null) => (cipher ? openField(cipher, "connected-account", a.orgId, a.id, "token") : null);
  return { status: "ACTIVE", expiresAt: row.tokenExpiresAt, scopes: row.scopes, resubscribed: false, refreshed: token(row.tokenCipher) !== token(a.tokenCipher) };
}
