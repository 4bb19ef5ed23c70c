import { PlatformError } from "../platforms/platform-error";
import type { XClient } from "../platforms/x-client";
import type { PlatformClient } from "./platform-client";

/**
 * The X connector behind the moderation port: hiding (and showing) a reply with the account's user
 * token. X lets no one delete another's reply nor answer it privately: UNSUPPORTED. No re-read: X's
 * lookup does not say whether a reply is hidden, and the poll that found the reply read it just now.
 * A 429 is RATE_LIMITED with the wait until x-rate-limit-reset: the outbox reschedules the action.
 */
export function xPlatformClient(x: XClient): PlatformClient {
  return {
    async setCommentHidden(account, tweetId, hidden) {
      await x.hideReply(account.accessToken, tweetId, hidden);
    },
    deleteComment() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "deleteComment"));
    },
    sendPrivateReply() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "sendPrivateReply"));
    },
  };
}
