import type { LinkedInClient } from "../platforms/linkedin-client";
import { PlatformError } from "../platforms/platform-error";
import type { PlatformClient } from "./platform-client";

/**
 * The LinkedIn connector behind the moderation port: a Company Page's comments are re-read and
 * deleted as the organization (AccountAccess.externalId is its URN). LinkedIn has no hide and no
 * private reply: those fail as UNSUPPORTED, which the outbox records as a permanent failure (the
 * use cases refuse them before, see platform-capabilities.ts).
 */
export function linkedinPlatformClient(linkedin: LinkedInClient): PlatformClient {
  return {
    setCommentHidden() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "setCommentHidden"));
    },
    async deleteComment(account, commentUrn) {
      await linkedin.deleteComment(account.accessToken, account.externalId, commentUrn);
    },
    sendPrivateReply() {
      return Promise.reject(new PlatformError("UNSUPPORTED", "sendPrivateReply"));
    },
    async readComment(account, commentUrn) {
      const c = await linkedin.getComment(account.accessToken, commentUrn);
      // Nothing on LinkedIn is ever hidden; the author's name is not in the comment (a URN only).
      return { externalId: c.urn, text: c.text, createdAt: c.createdAt, hidden: false, ...(c.parentUrn ? { parentExternalId: c.parentUrn } : {}) };
    },
  };
}
