import { tiktokOAuthFromEnv, type TikTokOAuth } from "../platforms/tiktok-oauth";
import { withAccountToken, type AccountRef } from "./account-token";

// TikTok access tokens last 24 hours, refresh tokens a year. Every TikTok call of the worker (the
// video discovery, the comment listing, hide, reply, the account check) goes through
// withTikTokAccountToken: account-token.ts refreshes the stored token shortly before it expires, and
// once more when TikTok refuses it anyway, storing the new pair under the account row's lock.

export interface TikTokTokenOptions {
  /** Default: the OAuth client from TIKTOK_* settings. */
  tiktokOAuth?: TikTokOAuth;
  /** Refresh first whatever the token's end (the account check learns the grant's scopes this way). */
  forceRefresh?: boolean;
}

export function withTikTokAccountToken<T>(ref: AccountRef, call: (token: string) => Promise<T>, opts: TikTokTokenOptions = {}): Promise<T> {
  return withAccountToken("TIKTOK", ref, call, {
    refresher: () => opts.tiktokOAuth ?? tiktokOAuthFromEnv(),
    // An hour ahead: a token that ends during a long poll run is renewed before it starts.
    skewMs: 60 * 60_000,
    ...(opts.forceRefresh ? { forceRefresh: true } : {}),
  });
}
