import { z } from "zod";
import type { Ctx } from "./context";
import { bool, sendJson, str } from "./http";
import { ControlError, parseBody } from "./sim-comments";
import { xToken } from "./x-oauth";
import type { XSim, XTweet } from "./x-state";

// X API v2 subset: PUT /2/tweets/:id/hidden (only a reply in a conversation the token's user started;
// 50 requests per 15 minutes, 429 with x-rate-limit-reset beyond), GET /2/users/:id/tweets and
// GET /2/tweets/search/recent?query=conversation_id:<id> (since_id, 7 days). Control API under /_sim/x.

export class XError extends Error {
  constructor(readonly status: number, readonly title: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const WEEK = 7 * 86_400;
const iso = (s: number) => new Date(s * 1000).toISOString();
const cursor = (i: number) => Buffer.from(String(i)).toString("base64url");
const uncursor = (v: string | undefined) => (v ? Number(Buffer.from(v, "base64url").toString("utf8")) : 0);
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

const tweetJson = (t: XTweet) => ({
  id: t.id, text: t.text, author_id: t.authorId, conversation_id: t.conversationId, created_at: iso(t.createdTime), edit_history_tweet_ids: [t.id],
  ...(t.inReplyToId ? { referenced_tweets: [{ type: "replied_to", id: t.inReplyToId }] } : {}),
});

/** /2/…: X-shaped errors ({title, detail, type, status}). */
export async function handleX(ctx: Ctx): Promise<void> {
  try {
    api(ctx, ctx.sim.x);
  } catch (error) {
    if (!(error instanceof XError)) throw error;
    sendJson(ctx.res, error.status, { title: error.title, detail: error.message, type: "about:blank", status: error.status }, error.headers);
  }
}

function api(ctx: Ctx, x: XSim): void {
  const [, a, b, c, ...extra] = ctx.segments;
  if (a === "oauth2" && b === "token" && !c && ctx.method === "POST") return xToken(ctx, x);
  const header = ctx.req.headers.authorization;
  const user = header?.startsWith("Bearer ") ? x.userFor(header.slice(7).trim()) : ({ refused: true } as const);
  if ("refused" in user) throw new XError(401, "Unauthorized", "Unauthorized");
  const claims = { sub: user.userId, scopes: user.scopes };
  if (a === "users" && b === "me" && !c && ctx.method === "GET") return me(ctx, x, claims.sub);
  if (a === "tweets" && b && c === "hidden" && !extra.length && ctx.method === "PUT") {
    if (!claims.scopes.includes("tweet.moderate.write")) throw new XError(403, "Forbidden", "Missing scope tweet.moderate.write");
    return hide(ctx, x, claims.sub, b);
  }
  if (a === "tweets" && b === "search" && c === "recent" && !extra.length && ctx.method === "GET") return search(ctx, x);
  if (a === "users" && b && c === "tweets" && !extra.length && ctx.method === "GET") return timeline(ctx, x, b);
  throw new XError(404, "Not Found Error", "No such endpoint in the simulator");
}

function me(ctx: Ctx, x: XSim, userId: string): void {
  const user = x.users.get(userId);
  if (!user) throw new XError(404, "Not Found Error", "Could not find user");
  sendJson(ctx.res, 200, { data: { id: user.id, name: user.username, username: user.username } });
}

function hide(ctx: Ctx, x: XSim, userId: string, id: string): void {
  const limit = x.countHide(userId);
  const record = (ok: boolean, errorCode?: number, hidden = true) =>
    ctx.sim.state.recordCall({ type: hidden ? "hide" : "unhide", platform: "x", objectId: id, commentId: id, ok, ...(errorCode ? { errorCode } : {}) });
  if (limit.over) {
    record(false, 429);
    throw new XError(429, "Too Many Requests", "Too Many Requests", limit.headers);
  }
  const hidden = bool(ctx.params.hidden);
  if (hidden === undefined) throw new XError(400, "Invalid Request", "hidden must be a boolean", limit.headers);
  const tweet = x.tweets.get(id);
  if (!tweet || tweet.deleted) {
    record(false, 404, hidden);
    throw new XError(404, "Not Found Error", "Could not find tweet", limit.headers);
  }
  const root = x.tweets.get(tweet.conversationId);
  // X's rule: only replies, and only in a conversation the authenticated user started.
  if (!tweet.inReplyToId || root?.authorId !== userId) {
    record(false, 403, hidden);
    throw new XError(403, "Forbidden", "You can only hide or unhide replies to conversations you authored", limit.headers);
  }
  tweet.hidden = hidden;
  record(true, undefined, hidden);
  sendJson(ctx.res, 200, { data: { hidden } }, limit.headers);
}

function page(ctx: Ctx, list: XTweet[], tokenParam: string) {
  const max = Math.min(100, Math.max(10, Number(str(ctx.params.max_results) ?? 10) || 10));
  const start = uncursor(str(ctx.params[tokenParam]));
  if (!Number.isInteger(start) || start < 0) throw new XError(400, "Invalid Request", `Invalid ${tokenParam}`);
  const items = list.slice(start, start + max);
  return { items, next: start + max < list.length ? cursor(start + max) : undefined };
}

function listAnswer(ctx: Ctx, x: XSim, list: XTweet[], tokenParam: "next_token" | "pagination_token") {
  list.sort((p, q) => (newer(p.id, q.id) ? -1 : 1));
  const { items, next } = page(ctx, list, tokenParam);
  if (items.length === 0) return sendJson(ctx.res, 200, { meta: { result_count: 0 } });
  const users = [...new Set(items.map((t) => t.authorId))].flatMap((id) => {
    const u = x.users.get(id);
    return u ? [{ id: u.id, username: u.username, name: u.username }] : [];
  });
  sendJson(ctx.res, 200, {
    data: items.map(tweetJson), includes: { users },
    meta: { newest_id: list[0]!.id, oldest_id: items[items.length - 1]!.id, result_count: items.length, ...(next ? { [tokenParam]: next } : {}) },
  });
}

const sinceFilter = (ctx: Ctx) => {
  const since = str(ctx.params.since_id);
  if (since !== undefined && !/^\d{1,19}$/.test(since)) throw new XError(400, "Invalid Request", "since_id must be a tweet id");
  return (t: XTweet) => !since || newer(t.id, since);
};

function search(ctx: Ctx, x: XSim): void {
  const m = /^conversation_id:(\d{1,19})$/.exec(str(ctx.params.query) ?? "");
  if (!m) throw new XError(400, "Invalid Request", "The simulator only searches query=conversation_id:<id>");
  const since = sinceFilter(ctx);
  const now = x.clock.nowSeconds();
  const list = [...x.tweets.values()].filter((t) => t.conversationId === m[1] && !t.deleted && now - t.createdTime <= WEEK && since(t));
  x.searches.push({ at: now, conversationId: m[1]!, sinceId: str(ctx.params.since_id) ?? null, results: list.length });
  listAnswer(ctx, x, list, "next_token");
}

function timeline(ctx: Ctx, x: XSim, userId: string): void {
  if (!x.users.has(userId)) throw new XError(404, "Not Found Error", "Could not find user");
  const exclude = (str(ctx.params.exclude) ?? "").split(",");
  const startTime = str(ctx.params.start_time) ? Date.parse(str(ctx.params.start_time)!) / 1000 : 0;
  const since = sinceFilter(ctx);
  const list = [...x.tweets.values()].filter((t) => t.authorId === userId && !t.deleted && t.createdTime >= startTime && since(t) && !(exclude.includes("replies") && t.inReplyToId));
  listAnswer(ctx, x, list, "pagination_token");
}

// --- control API: /_sim/x/… ---

const xId = z.string().regex(/^\d{1,19}$/, "digits only");

export async function handleXControl(ctx: Ctx, [area, id]: string[]): Promise<void> {
  const x = ctx.sim.x;
  const now = x.clock.nowSeconds();
  const accounts = () => [...x.users.values()].filter((u) => u.account).map((u) => ({ id: u.id, username: u.username, accessToken: x.tokenFor(u.id) }));
  switch (`${ctx.method} ${area ?? ""}${id ? "/:id" : ""}`) {
    case "GET accounts":
      return sendJson(ctx.res, 200, { accounts: accounts() });
    case "POST accounts": {
      const input = parseBody(z.object({ accounts: z.array(z.object({ id: xId.optional(), username: z.string().regex(/^\w{1,15}$/) })).min(1) }), ctx.json);
      for (const a of input.accounts) {
        const userId = a.id ?? x.nextUserId();
        x.users.set(userId, { id: userId, username: a.username, account: true });
      }
      return sendJson(ctx.res, 200, { accounts: accounts() });
    }
    case "POST tweets": {
      const input = parseBody(z.object({ authorId: xId.optional(), text: z.string().min(1).max(280) }), ctx.json);
      const authorId = input.authorId ?? DEFAULT_ACCOUNT(x);
      if (!x.users.get(authorId)?.account) throw new ControlError("authorId", "unknown account: seed it with POST /_sim/x/accounts");
      const tweetId = x.nextTweetId();
      x.tweets.set(tweetId, { id: tweetId, authorId, text: input.text, conversationId: tweetId, createdTime: now, hidden: false, deleted: false });
      return sendJson(ctx.res, 201, { id: tweetId, conversationId: tweetId });
    }
    case "POST replies": {
      const input = parseBody(z.object({ inReplyToId: xId, text: z.string().min(1).max(280), authorId: xId.optional(), username: z.string().regex(/^\w{1,15}$/).optional() }), ctx.json);
      const parent = x.tweets.get(input.inReplyToId);
      if (!parent || parent.deleted) throw new ControlError("inReplyToId", "unknown tweet");
      const authorId = input.authorId ?? x.nextUserId();
      if (!x.users.has(authorId)) x.users.set(authorId, { id: authorId, username: input.username ?? `sim_user_${authorId.slice(-4)}`, account: false });
      const tweetId = x.nextTweetId();
      x.tweets.set(tweetId, { id: tweetId, authorId, text: input.text, conversationId: parent.conversationId, inReplyToId: parent.id, createdTime: now, hidden: false, deleted: false });
      return sendJson(ctx.res, 201, { id: tweetId, conversationId: parent.conversationId });
    }
    case "GET tweets": {
      const conversationId = str(ctx.url.searchParams.get("conversationId"));
      return sendJson(ctx.res, 200, { data: [...x.tweets.values()].filter((t) => !conversationId || t.conversationId === conversationId) });
    }
    case "GET tweets/:id": {
      const tweet = x.tweets.get(id!);
      if (!tweet) throw new ControlError("tweetId", "unknown tweet", 404);
      return sendJson(ctx.res, 200, tweet);
    }
    case "GET rate-limit":
      return sendJson(ctx.res, 200, x.hideLimit);
    case "POST rate-limit":
      x.setHideLimit(parseBody(z.object({ limit: z.number().int().min(0), windowSeconds: z.number().int().min(1).default(900) }), ctx.json));
      return sendJson(ctx.res, 200, x.hideLimit);
    case "GET searches":
      return sendJson(ctx.res, 200, { data: x.searches });
    case "POST scopes/:id": {
      if (id !== "revoke") break;
      // The user takes permissions back (tokens keep working for the rest): absent from refreshed grants, refused by the API.
      const input = parseBody(z.object({ userId: xId, scopes: z.array(z.string().min(1)).min(1) }), ctx.json);
      if (!x.users.get(input.userId)?.account) throw new ControlError("userId", "unknown account");
      const taken = x.revokedScopes.get(input.userId) ?? new Set<string>();
      for (const scope of input.scopes) taken.add(scope);
      x.revokedScopes.set(input.userId, taken);
      return sendJson(ctx.res, 200, { userId: input.userId, revokedScopes: [...taken] });
    }
    case "POST tokens/:id":
      if (id !== "revoke") break;
      // An access or refresh token stops working, as when the user removes the app.
      x.revoked.add(parseBody(z.object({ token: z.string().min(1) }), ctx.json).token);
      return sendJson(ctx.res, 200, { ok: true });
  }
  sendJson(ctx.res, 404, { error: { field: "path", message: "no such control endpoint" } });
}

const DEFAULT_ACCOUNT = (x: XSim) => [...x.users.values()].find((u) => u.account)?.id ?? "";
