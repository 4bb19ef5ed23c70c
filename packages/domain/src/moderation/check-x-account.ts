import { scopedDb } from "@vetted/db";
import type { XClient } from "../platforms/x-client";
import { PlatformError } from "../platforms/platform-error";
import type { CheckedAccount, Verdict } from "./check-connected-accounts";
import { withXAccountToken, type XTokenOptions } from "./x-account-token";

// The account check for an X account (check-connected-accounts.ts): GET /2/users/me with the
// account's token, refreshed first when it is about to expire (x-account-token.ts: X rotates the
// refresh token, stored with the new access token). A refused token whose grant ran out (the access
// token past its end and the refresh refused) is EXPIRED; one refused while it should still work
// was revoked: REVOKED. Another account's token is REVOKED too.

export async function inspectX(x: XClient, tokens: XTokenOptions, a: CheckedAccount): Promise<Verdict> {
  let me: { id: string };
  try {
    me = await withXAccountToken({ orgId: a.orgId, accountId: a.id }, (token) => x.getMe(token), tokens);
  } catch (error) {
    if (!(error instanceof PlatformError) || error.code !== "TOKEN_INVALID") throw error;
    const ranOut = (a.tokenExpiresAt && a.tokenExpiresAt.getTime() <= Date.now()) || (a.refreshTokenExpiresAt && a.refreshTokenExpiresAt.getTime() <= Date.now());
    return ranOut ? { status: "EXPIRED", code: "TOKEN_EXPIRED" } : { status: "REVOKED", code: "TOKEN_INVALID" };
  }
  if (me.id !== a.externalId) return { status: "REVOKED", code: "ACCOUNT_MISMATCH" };
  // The token may have been refreshed just now: report what is stored.
  // X tells the scopes only with a token (no introspection): a lost one shows as PERMISSION on a hide.
  const row = await scopedDb(a.orgId).connectedAccount.findFirstOrThrow({ where: { id: a.id, orgId: a.orgId }, select: { tokenExpiresAt: true, scopes: true, tokenCipher: true } });
  return { status: "ACTIVE", expiresAt: row.tokenExpiresAt, scopes: row.scopes, resubscribed: false, refreshed: row.tokenCipher !== a.tokenCipher };
}
