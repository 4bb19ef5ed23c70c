import { xEnv, type XEnv } from "@vetted/config";
import { z } from "zod";
import { PlatformError } from "./platform-error";
import { RestTransport } from "./rest-http";

// An X account's replies through API v2 with the account's OAuth 2.0 user token. X sends no free
// webhooks: new replies are found by searching each recent post's conversation (since_id), and the
// only moderation X offers is hiding a reply in a conversation the account started
// (PUT /2/tweets/:id/hidden, 50 requests per 15 minutes per user; a 429 says when via x-rate-limit-reset).

export interface XClientOptions {
  /** "https://api.x.com" or the simulator's URL. */
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface XPost {
  id: string;
  conversationId: string;
  createdAt: Date;
}

export interface XReply {
  id: string;
  conversationId: string;
  /** PHI: hand straight to the scanner / encryption, never log. */
  text: string;
  authorId: string;
  authorUsername?: string;
  createdAt: Date;
  /** The tweet it answers (the post itself, or another reply in the thread). */
  inReplyToId?: string;
}

export interface XSearchResult {
  replies: XReply[];
  /** The newest id the search saw: the next search's since_id. Absent when nothing was found. */
  newestId?: string;
}

const TWEET_ID = /^\d{1,19}$/;
/** At most this many pages of 100 per call: a conversation busier than that is caught up on the next sweep. */
const MAX_PAGES = 10;

const tweetSchema = z.object({
  id: z.string().regex(TWEET_ID),
  text: z.string().default(""),
  author_id: z.string().optional(),
  conversation_id: z.string().optional(),
  created_at: z.string().transform((v, ctx) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "not a time" });
      return z.NEVER;
    }
    return d;
  }),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
});
const listSchema = z.object({
  data: z.array(tweetSchema).default([]),
  includes: z.object({ users: z.array(z.object({ id: z.string(), username: z.string().optional() })).default([]) }).optional(),
  meta: z.object({ newest_id: z.string().optional(), next_token: z.string().optional() }).default({}),
});
const hiddenSchema = z.object({ data: z.object({ hidden: z.boolean() }) });
const meSchema = z.object({ data: z.object({ id: z.string().regex(/^\d{1,19}$/), username: z.string().min(1).max(50), name: z.string().max(100).optional() }) });

export interface XUser {
  id: string;
  username: string;
  name?: string;
}

const TWEET_FIELDS = "author_id,conversation_id,created_at,referenced_tweets";

export class XClient {
  private readonly rest: RestTransport;

  constructor(options: XClientOptions) {
    this.rest = new RestTransport({ baseUrl: options.apiBase, timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch, now: options.now });
  }

  /** The token's own user: which account an OAuth grant is for, and the cheapest check that a token still works. */
  async getMe(token: string): Promise<XUser> {
    const res = await this.rest.call("getMe", { method: "GET", path: "/2/users/me", token }, meSchema);
    return { id: res.data.id, username: res.data.username, ...(res.data.name ? { name: res.data.name } : {}) };
  }

  /** Hides (or shows) a reply. Idempotent on X's side; RATE_LIMITED carries the wait, PERMISSION a conversation not the account's. */
  async hideReply(token: string, tweetId: string, hidden: boolean): Promise<void> {
    const res = await this.rest.call("hideReply", { method: "PUT", path: `/2/tweets/${this.id("hideReply", tweetId)}/hidden`, token, json: { hidden } }, hiddenSchema);
    if (res.data.hidden !== hidden) throw new PlatformError("INVALID_RESPONSE", "hideReply", { outcomeUnknown: true });
  }

  /** The account's own posts since `startTime` (no replies, no reposts), newest first: the conversations to watch. */
  async listRecentPosts(token: string, userId: string, options: { startTime: Date; sinceId?: string }): Promise<XPost[]> {
    const posts: XPost[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = {
        exclude: "replies,retweets", max_results: 100, "tweet.fields": "conversation_id,created_at", start_time: options.startTime.toISOString(),
        since_id: options.sinceId ? this.id("listRecentPosts", options.sinceId) : undefined, pagination_token: next,
      };
      const res = await this.rest.call("listRecentPosts", { method: "GET", path: `/2/users/${this.id("listRecentPosts", userId)}/tweets`, token, query }, listSchema);
      for (const t of res.data) posts.push({ id: t.id, conversationId: t.conversation_id ?? t.id, createdAt: t.created_at });
      next = res.meta.next_token;
      if (!next) break;
    }
    return posts;
  }

  /** Replies in a conversation newer than `sinceId` (search/recent covers the last 7 days), newest first. */
  async searchReplies(token: string, conversationId: string, options: { sinceId?: string } = {}): Promise<XSearchResult> {
    const replies: XReply[] = [];
    let newestId: string | undefined;
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = {
        query: `conversation_id:${this.id("searchReplies", conversationId)}`, max_results: 100, "tweet.fields": TWEET_FIELDS, expansions: "author_id",
        "user.fields": "username", since_id: options.sinceId ? this.id("searchReplies", options.sinceId) : undefined, next_token: next,
      };
      const res = await this.rest.call("searchReplies", { method: "GET", path: "/2/tweets/search/recent", token, query }, listSchema);
      newestId ??= res.meta.newest_id;
      const names = new Map((res.includes?.users ?? []).map((u) => [u.id, u.username]));
      for (const t of res.data) {
        if (!t.author_id || t.id === conversationId) continue;
        const inReplyTo = t.referenced_tweets?.find((r) => r.type === "replied_to")?.id;
        const username = names.get(t.author_id);
        replies.push({
          id: t.id, conversationId: t.conversation_id ?? conversationId, text: t.text, authorId: t.author_id, createdAt: t.created_at,
          ...(username ? { authorUsername: username } : {}), ...(inReplyTo ? { inReplyToId: inReplyTo } : {}),
        });
      }
      next = res.meta.next_token;
      if (!next) break;
    }
    return newestId ? { replies, newestId } : { replies };
  }

  private id(operation: string, value: string): string {
    if (!TWEET_ID.test(value)) throw new PlatformError("INVALID_REQUEST", operation);
    return value;
  }
}

/** The client configured from X_* (see packages/config/src/platform-env.ts). */
export function xClientFromEnv(env: XEnv = xEnv(), overrides: Partial<XClientOptions> = {}): XClient {
  return new XClient({ apiBase: env.X_API_BASE, timeoutMs: env.X_TIMEOUT_MS, ...overrides });
}
