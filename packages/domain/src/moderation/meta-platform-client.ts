import type { MetaClient, MetaComment } from "../platforms/meta-client";
import type { AccountAccess, PlatformClient, PlatformComment } from "./platform-client";

const asPlatformComment = (c: MetaComment): PlatformComment => ({
  externalId: c.id, text: c.text, createdAt: c.createdAt, hidden: c.hidden,
  ...(c.authorName ? { authorName: c.authorName } : {}), ...(c.parentId ? { parentExternalId: c.parentId } : {}),
});

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
    async sendPublicReply(account, commentId, text) {
      if (instagram(account)) await meta.replyToInstagramComment(account.accessToken, commentId, text);
      else await meta.replyToComment(account.accessToken, commentId, text);
    },
    async readComment(account, commentId) {
      return asPlatformComment(instagram(account) ? await meta.getInstagramComment(account.accessToken, commentId) : await meta.getComment(account.accessToken, commentId));
    },
    // Facebook lists every level (filter=stream); Instagram's media listing has top-level comments only.
    async listPostComments(account, postId, after) {
      const page = instagram(account) ? await meta.listInstagramComments(account.accessToken, postId, { after }) : await meta.listComments(account.accessToken, postId, { after });
      return { comments: page.comments.map(asPlatformComment), ...(page.after ? { after: page.after } : {}) };
    },
  };
}
