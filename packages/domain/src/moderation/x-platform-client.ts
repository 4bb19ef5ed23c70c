import { PlatformError } from "../platforms/platform-error";
import type { XClient } from "../platforms/x-client";
import type { AccountAccess, PlatformClient } from "./platform-client";
import { withXAccountToken, type XTokenOptions } from "./x-account-token";

/**
 * The X connector behind the moderation port: hiding (and showing) a reply with the account's user
 * token. X lets no one delete another's reply nor answer it privately: UNSUPPORTED. No re-read: X's
 * lookup does not say whether a reply is hidden, and the poll that found the reply read it just now.
 * A 429 is RATE_LIMITED with the wait until x-rate-limit-reset: the outbox reschedules the action.
 * X tokens last 2 hours: when the account row is known, the token is refreshed before it expires
 * and after a 401 (x-account-token.ts).
 */
export function xPlatformClient(x: XClient, tokens: XTokenOptions = {}): PlatformClient {
  const withToken = <T>(account: AccountAccess, call: (token: string) => Promise<T>) =>
    account.accountId && account.orgId ? withXAccountToken({ orgId: account.orgId, accountId: account.accountId }, call, tokens) : call(account.accessToken);
  return {
    async setCommentHidden(account, tweetId, hidden) {
      await withToken(account, (token) => x.hideReply(token, tweetId, hidden));
    },
    deleteComment() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "deleteComment"));
    },
    sendPrivateReply() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "sendPrivateReply"));
    },
  };
}
