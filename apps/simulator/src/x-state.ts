import type { Clock } from "./state";
import { TokenSigner } from "./tokens";

// The simulated X: accounts, their posts and the replies under them, the hide-reply rate limit
// (50 requests per 15 minutes per user by default) and a log of the searches the app made. X sends
// no free webhooks, so nothing is delivered: the app polls.

export interface XUser {
  id: string;
  username: string;
  /** True for the accounts an org can connect (tokens handed out by /_sim/x/accounts). */
  account: boolean;
}

export interface XTweet {
  id: string;
  authorId: string;
  text: string;
  /** The id of the post that started the thread (its own id for a post). */
  conversationId: string;
  inReplyToId?: string;
  /** Unix seconds on the simulated clock. */
  createdTime: number;
  hidden: boolean;
  deleted: boolean;
}

export interface XSearch {
  at: number;
  conversationId: string;
  sinceId: string | null;
  results: number;
}

export const DEFAULT_X_ACCOUNTS: readonly Omit<XUser, "account">[] = [{ id: "4400000001", username: "vetted_demo_clinic" }];
export const X_SCOPES = ["tweet.read", "users.read", "tweet.moderate.write", "offline.access"] as const;
/** X's documented limit on PUT /2/tweets/:id/hidden. */
export const X_HIDE_LIMIT = { limit: 50, windowSeconds: 15 * 60 } as const;

export class XSim {
  users = new Map<string, XUser>();
  tweets = new Map<string, XTweet>();
  searches: XSearch[] = [];
  hideLimit: { limit: number; windowSeconds: number } = { ...X_HIDE_LIMIT };
  /** User OAuth 2.0 tokens, codes and refresh tokens: signed claims (sub = the user id), never stored. */
  readonly tokens: TokenSigner;
  /** Codes and refresh tokens already used (X rotates refresh tokens), and tokens revoked through the control API. */
  usedCodes = new Set<string>();
  usedRefreshTokens = new Set<string>();
  revoked = new Set<string>();
  /** Permissions a user took back from the app (control API): gone from their tokens, old and new. */
  revokedScopes = new Map<string, Set<string>>();
  private windows = new Map<string, { start: number; count: number }>();
  private seq = 0;

  constructor(readonly clock: Clock, secret: string, readonly client: { id: string; secret: string }) {
    // A key of its own: a Meta or LinkedIn token is never an X one.
    this.tokens = new TokenSigner(`${secret}|x`);
    this.reset();
  }

  reset(): void {
    this.users = new Map(DEFAULT_X_ACCOUNTS.map((u) => [u.id, { ...u, account: true }]));
    this.tweets.clear();
    this.searches = [];
    this.hideLimit = { ...X_HIDE_LIMIT };
    this.windows.clear();
    this.usedCodes.clear();
    this.usedRefreshTokens.clear();
    this.revoked.clear();
    this.revokedScopes.clear();
  }

  /** What a grant of the user still allows: its scopes without those the user took back. */
  grantedScopes(userId: string, scopes: readonly string[]): string[] {
    const taken = this.revokedScopes.get(userId);
    return scopes.filter((s) => !taken?.has(s));
  }

  /** The user an API call acts for, or why its token is refused (401 on X). */
  userFor(token: string): { userId: string; scopes: string[] } | { refused: true } {
    const claims = this.tokens.read(token);
    if (!claims || claims.k !== "u" || this.revoked.has(token) || (claims.exp && claims.exp <= this.clock.nowSeconds())) return { refused: true };
    return { userId: claims.sub, scopes: this.grantedScopes(claims.sub, claims.scopes) };
  }

  /** Snowflake-like ids: they grow with time, so since_id works as on X. */
  nextTweetId(): string {
    return String(1_790_000_000_000_000_000n + BigInt(++this.seq));
  }

  nextUserId(): string {
    return String(5_500_000_000 + ++this.seq);
  }

  tokenFor(userId: string): string {
    return this.tokens.mint({ k: "u", sub: userId, scopes: [...X_SCOPES], exp: 0, n: "seed" });
  }

  setHideLimit(limit: { limit: number; windowSeconds: number }): void {
    this.hideLimit = { ...limit };
    this.windows.clear();
  }

  /** Counts one hide request of the user: the rate-limit headers to send, and whether it is over. */
  countHide(userId: string): { over: boolean; headers: Record<string, string> } {
    const now = this.clock.nowSeconds();
    let w = this.windows.get(userId);
    if (!w || now - w.start >= this.hideLimit.windowSeconds) {
      w = { start: now, count: 0 };
      this.windows.set(userId, w);
    }
    w.count++;
    const headers = {
      "x-rate-limit-limit": String(this.hideLimit.limit),
      "x-rate-limit-remaining": String(Math.max(0, this.hideLimit.limit - w.count)),
      // Epoch seconds of the window's end on the simulated clock (x-rate-limit-reset is absolute).
      "x-rate-limit-reset": String(w.start + this.hideLimit.windowSeconds),
    };
    return { over: this.hideLimit.limit > 0 && w.count > this.hideLimit.limit, headers };
  }
}
