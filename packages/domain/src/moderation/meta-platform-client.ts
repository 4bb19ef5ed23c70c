import type { MetaClient } from "../platforms/meta-client";
import { metaClientFromEnv } from "../platforms/meta-client";
import type { AccountAccess, PlatformClient, PlatformClients } from "./platform-client";

/**
 * The Meta connector behind the moderation port: a Facebook Page's comments through the Page
 * endpoints, an Instagram account's through the Instagram ones (both with the Page token stored on
 * the account). PlatformErrors pass through unchanged.
 */
export function metaPlatformClient(meta: MetaClient): PlatformClient {
  const instagram = (a: AccountAccess) => a.platform === "INSTAGRAM";
  return {
    async setCommentHidden(account, commentId, hidden) {
      if (instagram(account)) await meta.hideInstagramComment(account.accessToken, commentId, hidden);
      else await meta.hideComment(account.accessToken, commentId, hidden);
    },
    async deleteComment(account, commentId) {
      if (instagram(account)) await meta.deleteInstagramComment(account.accessToken, commentId);
      else await meta.deleteComment(account.accessToken, commentId);
    },
    async sendPrivateReply(account, commentId, text) {
      if (instagram(account)) await meta.privateReplyInstagram(account.accessToken, account.externalId, commentId, text);
      else await meta.privateReply(account.accessToken, account.externalId, commentId, text);
    },
  };
}

/** The connectors this process has: Meta (from META_* settings) for Facebook and Instagram. */
export function platformClientsFromEnv(meta: MetaClient = metaClientFromEnv()): PlatformClients {
  const client = metaPlatformClient(meta);
  return (platform) => (platform === "FACEBOOK" || platform === "INSTAGRAM" ? client : null);
}
