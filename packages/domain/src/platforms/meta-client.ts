import { metaEnv, type MetaEnv } from "@vetted/config";
import { GraphTransport } from "./graph-http";
import {
  debugTokenSchema, FACEBOOK_COMMENT_FIELDS, facebookCommentListSchema, facebookCommentSchema, idSchema, INSTAGRAM_COMMENT_FIELDS,
  instagramCommentListSchema, instagramCommentSchema, messageSentSchema, nextCursor, pagesSchema, subscribedAppsSchema, successSchema,
  tokenSchema, type MetaComment,
} from "./meta-schemas";
import { PlatformError } from "./platform-error";

// Facebook Page and Instagram professional account calls over the Graph API (or the simulator, which
// speaks the same HTTP). Every method takes the access token it acts with: user tokens for the OAuth
// steps, the Page token for everything on a Page and on its linked Instagram account.

export type { MetaComment } from "./meta-schemas";

export interface MetaClientOptions {
  graphUrl: string;
  oauthUrl: string;
  /** "v21.0", or "" for unversioned paths (the simulator accepts both). */
  version?: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock for turning expires_in into a date; injectable for tests. */
  now?: () => number;
}

export interface MetaToken {
  accessToken: string;
  /** null: the token does not expire (Page tokens from a long-lived user token). */
  expiresAt: Date | null;
}

export interface MetaPage {
  id: string;
  name: string;
  /** The Page token: store encrypted, never log. */
  accessToken: string;
  tasks: string[];
  /** The Instagram professional account linked to the Page, if any. */
  instagramAccountId?: string;
}

export interface MetaTokenInfo {
  isValid: boolean;
  expiresAt: Date | null;
  scopes: string[];
  appId?: string;
  userId?: string;
  /** Graph's reason when invalid: 463 expired, 460 invalidated (password change, app removed). */
  errorSubcode?: number;
}

export interface CommentPage {
  comments: MetaComment[];
  /** Pass back as `after` for the next page; absent on the last page. */
  after?: string;
}

export interface PrivateReplyResult {
  recipientId?: string;
  messageId: string;
}

/** Graph object ids are digits, letters and underscores; anything else could walk the URL path. */
const GRAPH_ID = /^[A-Za-z0-9_]{1,128}$/;
/** Messenger's limit on a text message. */
const MAX_MESSAGE_CHARS = 2000;
const MAX_PAGE_LISTING = 10;

export class MetaClient {
  private readonly graph: GraphTransport;
  private readonly now: () => number;

  constructor(private readonly options: MetaClientOptions) {
    this.graph = new GraphTransport({
      graphUrl: options.graphUrl,
      version: options.version ?? "",
      appSecret: options.appSecret,
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
    });
    this.now = options.now ?? Date.now;
  }

  // --- OAuth ---

  /** Where to send the admin's browser; `state` must be an unguessable value bound to their session. */
  oauthAuthorizeUrl(state: string, redirectUri: string, scopes: readonly string[]): string {
    const url = new URL(this.options.oauthUrl);
    url.searchParams.set("client_id", this.options.appId);
    url.searchParams.set("redirect_uri", redirectUri);
    url.searchParams.set("state", state);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", scopes.join(","));
    return url.toString();
  }

  /** The code from the OAuth redirect → a short-lived user token. POST keeps the app secret out of URLs. */
  async exchangeCode(code: string, redirectUri: string): Promise<MetaToken> {
    const form = { client_id: this.options.appId, client_secret: this.options.appSecret, redirect_uri: redirectUri, code };
    return this.token(await this.graph.call("exchangeCode", { method: "POST", path: "/oauth/access_token", form }, tokenSchema));
  }

  /** A short-lived user token → a long-lived one (about 60 days); Page tokens read with it do not expire. */
  async exchangeLongLived(shortLivedToken: string): Promise<MetaToken> {
    const form = { grant_type: "fb_exchange_token", client_id: this.options.appId, client_secret: this.options.appSecret, fb_exchange_token: shortLivedToken };
    return this.token(await this.graph.call("exchangeLongLived", { method: "POST", path: "/oauth/access_token", form }, tokenSchema));
  }

  /** The Pages the user manages, each with its Page token and linked Instagram account. */
  async listPages(userToken: string): Promise<MetaPage[]> {
    const pages: MetaPage[] = [];
    let after: string | undefined;
    for (let i = 0; i < MAX_PAGE_LISTING; i++) {
      const query = { fields: "id,name,access_token,tasks,instagram_business_account{id}", limit: 100, after };
      const res = await this.graph.call("listPages", { method: "GET", path: "/me/accounts", token: userToken, query }, pagesSchema);
      for (const p of res.data) pages.push({ id: p.id, name: p.name, accessToken: p.access_token, tasks: p.tasks, ...(p.instagram_business_account ? { instagramAccountId: p.instagram_business_account.id } : {}) });
      after = nextCursor(res.paging);
      if (!after) break;
    }
    return pages;
  }

  /**
   * Validity, expiry and granted scopes of any token, asked with the app token. Graph only takes the
   * inspected token as a query parameter; the client never logs URLs.
   */
  async debugToken(inputToken: string): Promise<MetaTokenInfo> {
    const appToken = `${this.options.appId}|${this.options.appSecret}`;
    const res = await this.graph.call("debugToken", { method: "GET", path: "/debug_token", token: appToken, query: { input_token: inputToken } }, debugTokenSchema);
    const d = res.data;
    return { isValid: d.is_valid, expiresAt: d.expires_at ? new Date(d.expires_at * 1000) : null, scopes: d.scopes, appId: d.app_id, userId: d.user_id, ...(d.error?.subcode === undefined ? {} : { errorSubcode: d.error.subcode }) };
  }

  // --- Pages ---

  async publishToFeed(pageToken: string, pageId: string, message: string): Promise<{ id: string }> {
    this.text("publishToFeed", message, 63_206);
    return this.graph.call("publishToFeed", { method: "POST", path: `/${this.id("publishToFeed", pageId)}/feed`, token: pageToken, form: { message } }, idSchema);
  }

  /** Subscribes the app to the Page's webhooks (idempotent on Graph's side). */
  async subscribeApp(pageToken: string, pageId: string, fields: readonly string[] = ["feed"]): Promise<void> {
    const path = `/${this.id("subscribeApp", pageId)}/subscribed_apps`;
    await this.graph.call("subscribeApp", { method: "POST", path, token: pageToken, form: { subscribed_fields: fields.join(",") } }, successSchema);
  }

  async listSubscribedApps(pageToken: string, pageId: string): Promise<{ appId: string; fields: string[] }[]> {
    const path = `/${this.id("listSubscribedApps", pageId)}/subscribed_apps`;
    const res = await this.graph.call("listSubscribedApps", { method: "GET", path, token: pageToken }, subscribedAppsSchema);
    return res.data.map((a) => ({ appId: a.id, fields: a.subscribed_fields }));
  }

  // --- Facebook comments ---

  /** Comments under a post (or replies under a comment), oldest first, all levels: the reconciliation poll. */
  async listComments(pageToken: string, objectId: string, options: { after?: string; limit?: number } = {}): Promise<CommentPage> {
    const query = { fields: FACEBOOK_COMMENT_FIELDS, filter: "stream", order: "chronological", limit: options.limit ?? 100, after: options.after };
    const res = await this.graph.call("listComments", { method: "GET", path: `/${this.id("listComments", objectId)}/comments`, token: pageToken, query }, facebookCommentListSchema);
    return { comments: res.data, after: nextCursor(res.paging) };
  }

  /** Re-reads one comment before acting on a webhook (a deleted one is PlatformError NOT_FOUND). */
  async getComment(pageToken: string, commentId: string): Promise<MetaComment> {
    const query = { fields: FACEBOOK_COMMENT_FIELDS };
    return this.graph.call("getComment", { method: "GET", path: `/${this.id("getComment", commentId)}`, token: pageToken, query }, facebookCommentSchema);
  }

  /** Hides (or un-hides) a comment: still visible to its author and friends, not to anyone else. Idempotent. */
  async hideComment(pageToken: string, commentId: string, hidden: boolean): Promise<void> {
    await this.graph.call("hideComment", { method: "POST", path: `/${this.id("hideComment", commentId)}`, token: pageToken, form: { is_hidden: hidden } }, successSchema);
  }

  async deleteComment(pageToken: string, commentId: string): Promise<void> {
    await this.graph.call("deleteComment", { method: "DELETE", path: `/${this.id("deleteComment", commentId)}`, token: pageToken }, successSchema);
  }

  /**
   * One Messenger message to the comment's author. Graph allows one per comment, within 7 days
   * (ALREADY_REPLIED, WINDOW_CLOSED). After a TRANSIENT error with outcomeUnknown, do not resend.
   */
  async privateReply(pageToken: string, pageId: string, commentId: string, text: string): Promise<PrivateReplyResult> {
    return this.reply("privateReply", pageToken, pageId, commentId, text);
  }

  /** A public reply from the Page under a comment. Not idempotent: after an unknown outcome, do not resend. */
  async replyToComment(pageToken: string, commentId: string, text: string): Promise<{ id: string }> {
    this.text("replyToComment", text, MAX_MESSAGE_CHARS);
    return this.graph.call("replyToComment", { method: "POST", path: `/${this.id("replyToComment", commentId)}/comments`, token: pageToken, form: { message: text } }, idSchema);
  }

  // --- Instagram (acts with the linked Page's token) ---

  async listInstagramComments(pageToken: string, mediaId: string, options: { after?: string; limit?: number } = {}): Promise<CommentPage> {
    const query = { fields: INSTAGRAM_COMMENT_FIELDS, limit: options.limit ?? 50, after: options.after };
    const path = `/${this.id("listInstagramComments", mediaId)}/comments`;
    const res = await this.graph.call("listInstagramComments", { method: "GET", path, token: pageToken, query }, instagramCommentListSchema);
    return { comments: res.data, after: nextCursor(res.paging) };
  }

  async getInstagramComment(pageToken: string, commentId: string): Promise<MetaComment> {
    const query = { fields: INSTAGRAM_COMMENT_FIELDS };
    return this.graph.call("getInstagramComment", { method: "GET", path: `/${this.id("getInstagramComment", commentId)}`, token: pageToken, query }, instagramCommentSchema);
  }

  async hideInstagramComment(pageToken: string, commentId: string, hidden: boolean): Promise<void> {
    await this.graph.call("hideInstagramComment", { method: "POST", path: `/${this.id("hideInstagramComment", commentId)}`, token: pageToken, form: { hide: hidden } }, successSchema);
  }

  async deleteInstagramComment(pageToken: string, commentId: string): Promise<void> {
    await this.graph.call("deleteInstagramComment", { method: "DELETE", path: `/${this.id("deleteInstagramComment", commentId)}`, token: pageToken }, successSchema);
  }

  /** Same rules as privateReply, sent from the Instagram account. */
  async privateReplyInstagram(pageToken: string, igUserId: string, commentId: string, text: string): Promise<PrivateReplyResult> {
    return this.reply("privateReplyInstagram", pageToken, igUserId, commentId, text);
  }

  /** A public reply from the Instagram account under a comment (same rules as replyToComment). */
  async replyToInstagramComment(pageToken: string, commentId: string, text: string): Promise<{ id: string }> {
    this.text("replyToInstagramComment", text, MAX_MESSAGE_CHARS);
    const path = `/${this.id("replyToInstagramComment", commentId)}/replies`;
    return this.graph.call("replyToInstagramComment", { method: "POST", path, token: pageToken, form: { message: text } }, idSchema);
  }

  // --- helpers ---

  private async reply(operation: string, token: string, senderId: string, commentId: string, text: string): Promise<PrivateReplyResult> {
    this.text(operation, text, MAX_MESSAGE_CHARS);
    const json = { recipient: { comment_id: this.id(operation, commentId) }, message: { text } };
    const res = await this.graph.call(operation, { method: "POST", path: `/${this.id(operation, senderId)}/messages`, token, json }, messageSentSchema);
    return { recipientId: res.recipient_id, messageId: res.message_id };
  }

  private token(res: { access_token: string; expires_in?: number }): MetaToken {
    return { accessToken: res.access_token, expiresAt: res.expires_in ? new Date(this.now() + res.expires_in * 1000) : null };
  }

  private id(operation: string, value: string): string {
    if (!GRAPH_ID.test(value)) throw new PlatformError("INVALID_REQUEST", operation);
    return value;
  }

  private text(operation: string, value: string, max: number): void {
    if (!value.trim() || value.length > max) throw new PlatformError("INVALID_REQUEST", operation);
  }
}

/** The client configured from META_* (see packages/config/src/platform-env.ts). */
export function metaClientFromEnv(env: MetaEnv = metaEnv(), overrides: Partial<MetaClientOptions> = {}): MetaClient {
  return new MetaClient({
    graphUrl: env.META_GRAPH_URL,
    oauthUrl: env.META_OAUTH_URL,
    version: env.META_GRAPH_VERSION,
    appId: env.META_APP_ID,
    appSecret: env.META_APP_SECRET,
    timeoutMs: env.META_GRAPH_TIMEOUT_MS,
    ...overrides,
  });
}
