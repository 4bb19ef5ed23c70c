import { tiktokEnv, type TikTokEnv } from "@vetted/config";
import { z } from "zod";
import { PlatformError } from "./platform-error";
import { TikTokTransport } from "./tiktok-http";

// A TikTok Business account's videos and comments through the Accounts API of TikTok's API for
// Business, with the account's user token (Access-Token header) and its business_id (the open_id
// of the OAuth grant). TikTok sends no comment webhooks Vetted can rely on: comments are listed per
// video (GET /business/comment/list/). Moderation: hide or unhide (POST /business/comment/hide/, needs
// the video), a public reply (POST /business/comment/reply/create/), delete (POST
// /business/comment/delete/: the account's own comments only). There is no private reply.

export interface TikTokClientOptions {
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface TikTokVideo {
  id: string;
  createdAt: Date;
}

export interface TikTokComment {
  id: string;
  videoId: string;
  /** PHI: hand straight to the scanner / encryption, never log. */
  text: string;
  username?: string;
  createdAt: Date;
  hidden: boolean;
  /** True for the account's own comments (the org's words). */
  owner: boolean;
  parentId?: string;
}

export interface TikTokCommentPage {
  comments: TikTokComment[];
  /** The next page's cursor; absent on the last one. */
  cursor?: string;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;
const unix = z.coerce.number().int().nonnegative().transform((s) => new Date(s * 1000));
const commentSchema = z.object({
  comment_id: z.string().regex(ID), video_id: z.string().regex(ID), text: z.string().default(""), create_time: unix,
  status: z.string().optional(), owner: z.boolean().optional(), username: z.string().optional(), parent_comment_id: z.string().optional(),
});
const commentListSchema = z.object({ comments: z.array(commentSchema).default([]), cursor: z.coerce.number().int().optional(), has_more: z.boolean().default(false) });
const videoListSchema = z.object({ videos: z.array(z.object({ item_id: z.string().regex(ID), create_time: unix })).default([]), cursor: z.coerce.number().int().optional(), has_more: z.boolean().default(false) });
const businessSchema = z.object({ username: z.string().min(1).max(100), display_name: z.string().max(200).optional() });
const ok = z.unknown();

/** Pages of 20 videos read per call at most: older ones are past the 7-day window anyway. */
const MAX_VIDEO_PAGES = 5;

export class TikTokClient {
  private readonly http: TikTokTransport;

  constructor(options: TikTokClientOptions) {
    this.http = new TikTokTransport({ baseUrl: options.apiBase, timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch, now: options.now });
  }

  /** The account's profile: its name at connection, and the cheapest check that a token still works. */
  async getBusiness(token: string, businessId: string): Promise<{ username: string; displayName?: string }> {
    const res = await this.http.call("getBusiness", { method: "GET", path: "/business/get/", token, query: { business_id: this.id("getBusiness", businessId), fields: JSON.stringify(["username", "display_name"]) } }, businessSchema);
    return { username: res.username, ...(res.display_name ? { displayName: res.display_name } : {}) };
  }

  /** The account's videos published after `since`, newest first (the list is newest first, so it stops at the first older one). */
  async listVideos(token: string, businessId: string, since: Date): Promise<TikTokVideo[]> {
    const videos: TikTokVideo[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < MAX_VIDEO_PAGES; page++) {
      const query = { business_id: this.id("listVideos", businessId), fields: JSON.stringify(["item_id", "create_time"]), max_count: 20, cursor };
      const res = await this.http.call("listVideos", { method: "GET", path: "/business/video/list/", token, query }, videoListSchema);
      for (const v of res.videos) if (v.create_time > since) videos.push({ id: v.item_id, createdAt: v.create_time });
      if (!res.has_more || res.cursor === undefined || res.videos.some((v) => v.create_time <= since)) break;
      cursor = res.cursor;
    }
    return videos;
  }

  /** One page of a video's comments, hidden ones included (status ALL), oldest first, with up to 3 replies each. */
  async listComments(token: string, businessId: string, videoId: string, cursor?: string): Promise<TikTokCommentPage> {
    if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) throw new PlatformError("INVALID_REQUEST", "listComments");
    const query = {
      business_id: this.id("listComments", businessId), video_id: this.id("listComments", videoId), status: "ALL", include_replies: true,
      sort_field: "create_time", sort_type: "asc", max_count: 30, cursor,
    };
    const res = await this.http.call("listComments", { method: "GET", path: "/business/comment/list/", token, query }, commentListSchema.extend({ comments: z.array(commentSchema.extend({ reply_list: z.array(commentSchema).optional() })).default([]) }));
    const comments: TikTokComment[] = [];
    for (const c of res.comments) {
      comments.push(this.comment(c));
      for (const r of c.reply_list ?? []) comments.push(this.comment({ ...r, parent_comment_id: r.parent_comment_id ?? c.comment_id }));
    }
    return res.has_more && res.cursor !== undefined ? { comments, cursor: String(res.cursor) } : { comments };
  }

  /** Hides (or shows) a comment under the account's video. */
  async hideComment(token: string, businessId: string, videoId: string, commentId: string, hidden: boolean): Promise<void> {
    const json = { business_id: this.id("hideComment", businessId), video_id: this.id("hideComment", videoId), comment_id: this.id("hideComment", commentId), action: hidden ? "HIDE" : "UNHIDE" };
    await this.http.call("hideComment", { method: "POST", path: "/business/comment/hide/", token, json }, ok);
  }

  /** A public reply under the comment (TikTok caps it at 150 characters). */
  async replyToComment(token: string, businessId: string, videoId: string, commentId: string, text: string): Promise<void> {
    if (!text || [...text].length > 150) throw new PlatformError("INVALID_REQUEST", "replyToComment");
    const json = { business_id: this.id("replyToComment", businessId), video_id: this.id("replyToComment", videoId), comment_id: this.id("replyToComment", commentId), text };
    await this.http.call("replyToComment", { method: "POST", path: "/business/comment/reply/create/", token, json }, ok);
  }

  /** Deletes one of the account's own comments; TikTok refuses others' (PERMISSION). */
  async deleteComment(token: string, businessId: string, commentId: string): Promise<void> {
    const json = { business_id: this.id("deleteComment", businessId), comment_id: this.id("deleteComment", commentId) };
    await this.http.call("deleteComment", { method: "POST", path: "/business/comment/delete/", token, json }, ok);
  }

  private comment(c: z.infer<typeof commentSchema>): TikTokComment {
    return {
      id: c.comment_id, videoId: c.video_id, text: c.text, createdAt: c.create_time, hidden: c.status === "HIDDEN", owner: c.owner === true,
      ...(c.username ? { username: c.username } : {}), ...(c.parent_comment_id ? { parentId: c.parent_comment_id } : {}),
    };
  }

  private id(operation: string, value: string): string {
    if (!ID.test(value)) throw new PlatformError("INVALID_REQUEST", operation);
    return value;
  }
}

/** The client configured from TIKTOK_* (packages/config/src/tiktok-env.ts). */
export function tiktokClientFromEnv(env: TikTokEnv = tiktokEnv(), overrides: Partial<TikTokClientOptions> = {}): TikTokClient {
  return new TikTokClient({ apiBase: env.TIKTOK_API_BASE, timeoutMs: env.TIKTOK_TIMEOUT_MS, ...overrides });
}
