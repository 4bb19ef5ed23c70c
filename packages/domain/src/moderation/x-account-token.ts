import { xOAuthFromEnv, type XOAuth } from "../platforms/x-oauth";
import { refreshAccountToken, withAccountToken, type AccountRef } from "./account-token";

// X access tokens last 2 hours. Every X call of the worker (the reply poll, hide and unhide, the
// account check) goes through withXAccountToken: account-token.ts refreshes the stored token shortly
// before it expires, and once more when X answers 401 anyway, storing the rotated refresh token in
// the same transaction under the account row's lock.

export interface XTokenOptions {
  /** Default: the OAuth client from X_* settings. */
  xOAuth?: XOAuth;
  /** Refresh when the token ends within this (default 5 minutes). */
  skewMs?: number;
  /** Refresh first whatever the token's end (the account check learns the grant's scopes this way). */
  forceRefresh?: boolean;
}

export type XAccountRef = AccountRef;

const options = (opts: XTokenOptions) => ({
  refresher: () => opts.xOAuth ?? xOAuthFromEnv(),
  ...(opts.skewMs !== undefined ? { skewMs: opts.skewMs } : {}),
  ...(opts.forceRefresh ? { forceRefresh: true } : {}),
});

/** Runs `call` with a working access token of the X account (refreshed first, or after a 401, when it can be). */
export function withXAccountToken<T>(ref: XAccountRef, call: (token: string) => Promise<T>, opts: XTokenOptions = {}): Promise<T> {
  return withAccountToken("X", ref, call, options(opts));
}

/** Refreshes the X account's token unless the stored one is no longer `seenToken` (decrypted; see account-token.ts). */
export function refreshXAccountToken(ref: XAccountRef, seenToken: string, opts: XTokenOptions = {}): Promise<string> {
  return refreshAccountToken("X", ref, seenToken, options(opts));
}
