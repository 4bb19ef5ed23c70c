import type { LinkedInClient } from "../platforms/linkedin-client";
import type { LinkedInOAuth } from "../platforms/linkedin-oauth";
import { PlatformError } from "../platforms/platform-error";
import { withAccountToken } from "./account-token";
import type { AccountAccess, PlatformClient } from "./platform-client";

/**
 * The LinkedIn connector behind the moderation port: a Company Page's comments are re-read and
 * deleted as the organization (AccountAccess.externalId is its URN). LinkedIn has no hide and no
 * private reply: those fail as UNSUPPORTED, which the outbox records as a permanent failure (the
 * use cases refuse them before, see platform-capabilities.ts).
 * When the account row is known and LinkedIn answers 401, the member token is refreshed once with
 * the stored refresh token (account-token.ts: under the row's lock, stored at once) and the call
 * tried once more; a refused refresh is TOKEN_INVALID, for which the callers mark the account
 * EXPIRED and tell its admins. `oauth` returns null when LinkedIn's OAuth client is not configured:
 * the 401 then stands.
 */
export function linkedinPlatformClient(linkedin: LinkedInClient, oauth: () => LinkedInOAuth | null = () => null): PlatformClient {
  const withToken = <T>(account: AccountAccess, call: (token: string) => Promise<T>) =>
    account.accountId && account.orgId
      // No refresh ahead of the end: LinkedIn's tokens last 60 days and the account check renews them a week before.
      ? withAccountToken("LINKEDIN", { orgId: account.orgId, accountId: account.accountId }, call, { refresher: oauth, skewMs: 0 })
      : call(account.accessToken);
  return {
    setCommentHidden() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "setCommentHidden"));
    },
    async deleteComment(account, commentUrn) {
      await withToken(account, (token) => linkedin.deleteComment(token, account.externalId, commentUrn));
    },
    sendPrivateReply() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "sendPrivateReply"));
    },
    async readComment(account, commentUrn) {
      const c = await withToken(account, (token) => linkedin.getComment(token, commentUrn));
      // Nothing on LinkedIn is ever hidden; the author's name is not in the comment (a URN only).
      return { externalId: c.urn, text: c.text, createdAt: c.createdAt, hidden: false, ...(c.parentUrn ? { parentExternalId: c.parentUrn } : {}) };
    },
  };
}
