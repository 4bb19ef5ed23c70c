import type { Clock } from "./state";
import { TokenSigner } from "./tokens";

// The simulated TikTok (API for Business, Business accounts): accounts, their videos and the
// comments under them, the OAuth grants (codes, 24-hour access tokens, rotating refresh tokens) and
// a log of the comment listings the app made. TikTok sends nothing: the app polls.

export interface TikTokAccount {
  /** The open_id of the account's grants, its business_id in every call. */
  openId: string;
  username: string;
}

export interface TikTokVideo {
  id: string;
  openId: string;
  /** Unix seconds on the simulated clock. */
  createTime: number;
}

export interface TikTokComment {
  id: string;
  videoId: string;
  /** The account's own comment (its replies): the only ones it may delete. */
  owner: boolean;
  username: string;
  text: string;
  createTime: number;
  hidden: boolean;
  deleted: boolean;
  parentId?: string;
}

export interface TikTokListing {
  at: number;
  videoId: string;
  results: number;
}

export const DEFAULT_TIKTOK_ACCOUNTS: readonly TikTokAccount[] = [{ openId: "ttbiz-demo-clinic", username: "vetted_demo_clinic" }];
export const TIKTOK_SCOPES = ["user.info.basic", "video.list", "comment.list", "comment.list.manage"] as const;
export const TIKTOK_ACCESS_SECONDS = 86_400;
export const TIKTOK_REFRESH_SECONDS = 365 * 86_400;

export class TikTokSim {
  accounts = new Map<string, TikTokAccount>();
  videos = new Map<string, TikTokVideo>();
  comments = new Map<string, TikTokComment>();
  listings: TikTokListing[] = [];
  /** Calls per account per window before code 40100; 0 = no limit. */
  rateLimit = { limit: 0, windowSeconds: 60 };
  readonly tokens: TokenSigner;
  usedCodes = new Set<string>();
  usedRefreshTokens = new Set<string>();
  /** Tokens revoked one by one, and accounts that removed the app (every token of theirs refused). */
  revoked = new Set<string>();
  removedApp = new Set<string>();
  private windows = new Map<string, { start: number; count: number }>();
  private seq = 0;

  constructor(readonly clock: Clock, secret: string, readonly client: { id: string; secret: string }) {
    // A key of its own: no other platform's token is a TikTok one.
    this.tokens = new TokenSigner(`${secret}|tiktok`);
    this.reset();
  }

  reset(): void {
    this.accounts = new Map(DEFAULT_TIKTOK_ACCOUNTS.map((a) => [a.openId, { ...a }]));
    this.videos.clear();
    this.comments.clear();
    this.listings = [];
    this.rateLimit = { limit: 0, windowSeconds: 60 };
    this.windows.clear();
    this.usedCodes.clear();
    this.usedRefreshTokens.clear();
    this.revoked.clear();
    this.removedApp.clear();
  }

  /** The account an API call acts for, or null when its token is refused (code 40105). */
  accountFor(token: string | undefined): { openId: string; scopes: string[] } | null {
    const claims = token ? this.tokens.read(token) : null;
    if (!claims || claims.k !== "u" || this.revoked.has(token!) || this.removedApp.has(claims.sub) || (claims.exp && claims.exp <= this.clock.nowSeconds())) return null;
    return { openId: claims.sub, scopes: claims.scopes };
  }

  /** Counts one call of the account: true when it is over the limit. */
  overLimit(openId: string): boolean {
    if (this.rateLimit.limit <= 0) return false;
    const now = this.clock.nowSeconds();
    let w = this.windows.get(openId);
    if (!w || now - w.start >= this.rateLimit.windowSeconds) {
      w = { start: now, count: 0 };
      this.windows.set(openId, w);
    }
    w.count++;
    return w.count > this.rateLimit.limit;
  }

  setRateLimit(limit: { limit: number; windowSeconds: number }): void {
    this.rateLimit = { ...limit };
    this.windows.clear();
  }

  /** Numeric ids that grow with time, as TikTok's. */
  nextId(): string {
    return String(7_400_000_000_000_000_000n + BigInt(++this.seq));
  }

  /** A 24-hour token of the account, as the control API hands out (no OAuth round needed). */
  tokenFor(openId: string, expiresInSeconds = TIKTOK_ACCESS_SECONDS): string {
    return this.tokens.mint({ k: "u", sub: openId, scopes: [...TIKTOK_SCOPES], exp: this.clock.nowSeconds() + expiresInSeconds });
  }
}
