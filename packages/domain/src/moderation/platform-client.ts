import type { Channel } from "@vetted/db";

// The port through which moderation talks to a platform. The Meta connector (platforms/) implements
// it for FACEBOOK and INSTAGRAM (LinkedIn, X and TikTok have their own); tests inject a recording fake or point the real one at the
// simulator. Errors are the connector's PlatformError; moderation reads them only through
// platformFailure() below, by their fields.

export interface AccountAccess {
  platform: Channel;
  /** The Page / Instagram account id on the platform. */
  externalId: string;
  /** The page access token, decrypted for the call and never kept. */
  accessToken: string;
  /** The ConnectedAccount row, when known: lets a connector refresh an expiring token (X). */
  accountId?: string;
  orgId?: string;
}

/** A comment as the platform has it now. `text` and `authorName` are PHI: seal them, never log. */
export interface PlatformComment {
  externalId: string;
  text: string;
  authorName?: string;
  createdAt: Date;
  hidden: boolean;
  /** The parent comment, for a reply in a thread. */
  parentExternalId?: string;
}

export interface PlatformCommentPage {
  comments: PlatformComment[];
  /** Cursor for the next page; absent on the last one. */
  after?: string;
}

/** Where a comment sits, for platforms whose calls name the post too (TikTok's hide and reply need the video). */
export interface CommentWhere {
  postExternalId?: string;
}

export interface PlatformClient {
  setCommentHidden(account: AccountAccess, commentExternalId: string, hidden: boolean, where?: CommentWhere): Promise<void>;
  deleteComment(account: AccountAccess, commentExternalId: string): Promise<void>;
  /** Once per comment on Meta (a second one fails with ALREADY_REPLIED). */
  sendPrivateReply(account: AccountAccess, commentExternalId: string, text: string): Promise<void>;
  /** A reply under the comment, visible to everyone. Without it, public replies fail as UNSUPPORTED. */
  sendPublicReply?(account: AccountAccess, commentExternalId: string, text: string, where?: CommentWhere): Promise<void>;
  /**
   * Re-reads one comment before an event about it is acted on (events are hints). A comment that no
   * longer exists fails with NOT_FOUND. Without it, a connector's events are applied as delivered.
   */
  readComment?(account: AccountAccess, commentExternalId: string): Promise<PlatformComment>;
  /** One page of the comments under a post, oldest first (the reconciliation poll). Without it, the post is not polled. */
  listPostComments?(account: AccountAccess, postExternalId: string, after?: string): Promise<PlatformCommentPage>;
}

/** The client for a platform, or null when this process has no connector for it. */
export type PlatformClients = (platform: Channel) => PlatformClient | null;

export type FailureCode =
  | "TOKEN_INVALID" | "RATE_LIMITED" | "ALREADY_REPLIED" | "WINDOW_CLOSED" | "PERMISSION" | "NOT_FOUND" | "TRANSIENT"
  | "INVALID_REQUEST" | "INVALID_RESPONSE" | "UNSUPPORTED" | "ERROR"
  /** Ours: the comment was removed on the platform before the action went out. */
  | "COMMENT_REMOVED";

export interface Failure {
  code: FailureCode;
  retryable: boolean;
  /** The call may have taken effect although it failed (timeout, 5xx after sending). */
  outcomeUnknown: boolean;
  retryAfterSeconds?: number;
}

const KNOWN = new Set<FailureCode>(["TOKEN_INVALID", "RATE_LIMITED", "ALREADY_REPLIED", "WINDOW_CLOSED", "PERMISSION", "NOT_FOUND", "TRANSIENT", "INVALID_REQUEST", "INVALID_RESPONSE", "UNSUPPORTED"]);

/**
 * What a thrown error means for the outbox. A PlatformError is read by its fields (code, retryable,
 * outcomeUnknown, retryAfterSeconds). Anything else is a bug or a crash mid-call: treated as
 * retryable but of unknown outcome, so a reply is never sent twice because of it.
 */
export function platformFailure(error: unknown): Failure {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; retryable?: unknown; outcomeUnknown?: unknown; retryAfterSeconds?: unknown };
  if (e.name === "PlatformError" && typeof e.code === "string" && KNOWN.has(e.code as FailureCode)) {
    return {
      code: e.code as FailureCode,
      retryable: e.retryable === true,
      outcomeUnknown: e.outcomeUnknown === true,
      ...(typeof e.retryAfterSeconds === "number" ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
    };
  }
  return { code: "ERROR", retryable: true, outcomeUnknown: true };
}
