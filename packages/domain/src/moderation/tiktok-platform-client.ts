import { PlatformError } from "../platforms/platform-error";
import type { TikTokClient } from "../platforms/tiktok-client";
import type { AccountAccess, CommentWhere, PlatformClient } from "./platform-client";
import { withTikTokAccountToken, type TikTokTokenOptions } from "./tiktok-account-token";

/**
 * The TikTok connector behind the moderation port (API for Business, for a Business account):
 * AccountAccess.externalId is the account's business_id. Comments are hidden and unhidden and
 * answered publicly; TikTok's hide and reply name the video, so the comment's post must be known
 * (INVALID_REQUEST otherwise). TikTok deletes only the account's own comments (a commenter's is
 * refused as PERMISSION: hide it, or escalate) and has no private reply (UNSUPPORTED). No re-read:
 * TikTok reads a comment only within its video's listing, and the poll that found it read it just now.
 * The comment poll (reconcile-post-comments.ts) lists each video's comments through listPostComments;
 * discover-tiktok-videos.ts gives it the account's videos of the last 7 days. The token is refreshed
 * before it expires and after a refusal (tiktok-account-token.ts).
 */
export function tiktokPlatformClient(tiktok: TikTokClient, tokens: TikTokTokenOptions = {}): PlatformClient {
  const withToken = <T>(account: AccountAccess, call: (token: string) => Promise<T>) =>
    account.accountId && account.orgId ? withTikTokAccountToken({ orgId: account.orgId, accountId: account.accountId }, call, tokens) : call(account.accessToken);
  const videoOf = (operation: string, where?: CommentWhere) => {
    if (!where?.postExternalId) throw new PlatformError("INVALID_REQUEST", operation);
    return where.postExternalId;
  };
  return {
    async setCommentHidden(account, commentId, hidden, where) {
      const videoId = videoOf("hideComment", where);
      await withToken(account, (token) => tiktok.hideComment(token, account.externalId, videoId, commentId, hidden));
    },
    async deleteComment(account, commentId) {
      await withToken(account, (token) => tiktok.deleteComment(token, account.externalId, commentId));
    },
    sendPrivateReply() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "sendPrivateReply"));
    },
    async sendPublicReply(account, commentId, text, where) {
      const videoId = videoOf("replyToComment", where);
      await withToken(account, (token) => tiktok.replyToComment(token, account.externalId, videoId, commentId, text));
    },
    async listPostComments(account, videoId, after) {
      const page = await withToken(account, (token) => tiktok.listComments(token, account.externalId, videoId, after));
      // The account's own comments and replies are the org's words, not a commenter's.
      const comments = page.comments.filter((c) => !c.owner).map((c) => ({
        externalId: c.id, text: c.text, createdAt: c.createdAt, hidden: c.hidden,
        ...(c.username ? { authorName: c.username } : {}), ...(c.parentId ? { parentExternalId: c.parentId } : {}),
      }));
      return page.cursor ? { comments, after: page.cursor } : { comments };
    },
  };
}
