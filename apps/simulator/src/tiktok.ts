import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Ctx } from "./context";
import { bool, sendJson, str } from "./http";
import { ControlError, parseBody } from "./sim-comments";
import { tiktokToken } from "./tiktok-oauth";
import type { TikTokComment, TikTokSim } from "./tiktok-state";

// TikTok's API for Business subset under /open_api/v1.3 (Accounts API): GET business/get/,
// business/video/list/, business/comment/list/ (status ALL or PUBLIC, include_replies, cursor), POST
// business/comment/hide/ (HIDE/UNHIDE, needs the video), business/comment/reply/create/ (150
// characters), business/comment/delete/ (the account's own comments only), and the tt_user OAuth
// token endpoints. Every answer is HTTP 200 with {code, message, request_id, data}: 40105 a refused
// token, 40100 over the rate limit, 40001 no permission, 40002 a bad parameter, 40007 not found.
// Control API under /_sim/tiktok.

export class TikTokError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const envelope = (code: number, message: string, data: unknown) => ({ code, message, request_id: randomBytes(8).toString("hex"), data });
export const tiktokOk = (ctx: Ctx, data: unknown) => sendJson(ctx.res, 200, envelope(0, "OK", data));

/** /open_api/…: TikTok-shaped answers, errors included. */
export async function handleTikTok(ctx: Ctx): Promise<void> {
  try {
    api(ctx, ctx.sim.tiktok);
  } catch (error) {
    if (!(error instanceof TikTokError)) throw error;
    sendJson(ctx.res, 200, envelope(error.code, error.message, {}));
  }
}

function api(ctx: Ctx, t: TikTokSim): void {
  const [, version, ...rest] = ctx.segments;
  const path = `${ctx.method} ${rest.join("/")}`;
  if (version !== "v1.3") throw new TikTokError(40002, "Unsupported API version");
  if (path === "POST tt_user/oauth2/token") return tiktokToken(ctx, t, "token");
  if (path === "POST tt_user/oauth2/refresh_token") return tiktokToken(ctx, t, "refresh_token");
  const header = ctx.req.headers["access-token"];
  const account = t.accountFor(typeof header === "string" ? header : undefined);
  if (!account) throw new TikTokError(40105, "The access token is invalid or has been revoked");
  if (str(ctx.params.business_id) !== account.openId) throw new TikTokError(40001, "No permission to operate this business_id");
  if (t.overLimit(account.openId)) throw new TikTokError(40100, "Too many requests");
  const need = (scope: string) => {
    if (!account.scopes.includes(scope)) throw new TikTokError(40001, `The scope ${scope} is not authorized`);
  };
  switch (path) {
    case "GET business/get":
      return tiktokOk(ctx, { username: t.accounts.get(account.openId)!.username, display_name: t.accounts.get(account.openId)!.username });
    case "GET business/video/list":
      need("video.list");
      return videoList(ctx, t, account.openId);
    case "GET business/comment/list":
      need("comment.list");
      return commentList(ctx, t, account.openId);
    case "POST business/comment/hide":
      need("comment.list.manage");
      return hide(ctx, t, account.openId);
    case "POST business/comment/reply/create":
      need("comment.list.manage");
      return reply(ctx, t, account.openId);
    case "POST business/comment/delete":
      need("comment.list.manage");
      return remove(ctx, t, account.openId);
  }
  throw new TikTokError(40002, "No such endpoint in the simulator");
}

const page = (ctx: Ctx, size: number) => {
  const start = Number(str(ctx.params.cursor) ?? 0);
  if (!Number.isInteger(start) || start < 0) throw new TikTokError(40002, "cursor is invalid");
  const max = Math.min(size, Math.max(1, Number(str(ctx.params.max_count) ?? size) || size));
  return { start, max };
};

function videoList(ctx: Ctx, t: TikTokSim, openId: string): void {
  const list = [...t.videos.values()].filter((v) => v.openId === openId).sort((a, b) => b.createTime - a.createTime);
  const { start, max } = page(ctx, 20);
  const items = list.slice(start, start + max);
  tiktokOk(ctx, { videos: items.map((v) => ({ item_id: v.id, create_time: v.createTime })), cursor: start + items.length, has_more: start + max < list.length });
}

const commentJson = (c: TikTokComment) => ({
  comment_id: c.id, video_id: c.videoId, user_id: `u${c.username}`, username: c.username, display_name: c.username, text: c.text, create_time: c.createTime,
  likes: 0, replies: 0, owner: c.owner, liked: false, pinned: false, status: c.hidden ? "HIDDEN" : "PUBLIC", ...(c.parentId ? { parent_comment_id: c.parentId } : {}),
});

function videoOf(ctx: Ctx, t: TikTokSim, openId: string) {
  const video = t.videos.get(str(ctx.params.video_id) ?? "");
  if (!video || video.openId !== openId) throw new TikTokError(40007, "The video does not exist or is not the account's");
  return video;
}

function commentList(ctx: Ctx, t: TikTokSim, openId: string): void {
  const video = videoOf(ctx, t, openId);
  const all = str(ctx.params.status) !== "PUBLIC";
  const visible = (c: TikTokComment) => c.videoId === video.id && !c.deleted && (all || !c.hidden);
  const top = [...t.comments.values()].filter((c) => visible(c) && !c.parentId).sort((a, b) => a.createTime - b.createTime || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const { start, max } = page(ctx, 30);
  const items = top.slice(start, start + max);
  const withReplies = bool(ctx.params.include_replies) === true;
  const comments = items.map((c) => ({
    ...commentJson(c),
    ...(withReplies ? { reply_list: [...t.comments.values()].filter((r) => visible(r) && r.parentId === c.id).slice(0, 3).map(commentJson) } : {}),
  }));
  t.listings.push({ at: t.clock.nowSeconds(), videoId: video.id, results: comments.length });
  tiktokOk(ctx, { comments, cursor: start + items.length, has_more: start + max < top.length });
}

function commentOf(ctx: Ctx, t: TikTokSim, openId: string, needVideo: boolean) {
  const comment = t.comments.get(str(ctx.params.comment_id) ?? "");
  const video = comment ? t.videos.get(comment.videoId) : undefined;
  if (!comment || comment.deleted || video?.openId !== openId) throw new TikTokError(40007, "The comment does not exist");
  if (needVideo && str(ctx.params.video_id) !== comment.videoId) throw new TikTokError(40002, "video_id does not match the comment");
  return comment;
}

function hide(ctx: Ctx, t: TikTokSim, openId: string): void {
  const action = str(ctx.params.action);
  if (action !== "HIDE" && action !== "UNHIDE") throw new TikTokError(40002, "action must be HIDE or UNHIDE");
  const record = (ok: boolean, id: string, errorCode?: number) =>
    ctx.sim.state.recordCall({ type: action === "HIDE" ? "hide" : "unhide", platform: "tiktok", objectId: id, commentId: id, ok, ...(errorCode ? { errorCode } : {}) });
  let comment: TikTokComment;
  try {
    comment = commentOf(ctx, t, openId, true);
  } catch (error) {
    record(false, str(ctx.params.comment_id) ?? "", error instanceof TikTokError ? error.code : undefined);
    throw error;
  }
  comment.hidden = action === "HIDE";
  record(true, comment.id);
  tiktokOk(ctx, {});
}

function reply(ctx: Ctx, t: TikTokSim, openId: string): void {
  const parent = commentOf(ctx, t, openId, true);
  const text = str(ctx.params.text) ?? "";
  if (!text || [...text].length > 150) throw new TikTokError(40002, "text must be 1 to 150 characters");
  const id = t.nextId();
  t.comments.set(id, { id, videoId: parent.videoId, owner: true, username: t.accounts.get(openId)!.username, text, createTime: t.clock.nowSeconds(), hidden: false, deleted: false, parentId: parent.parentId ?? parent.id });
  ctx.sim.state.recordCall({ type: "public_reply", platform: "tiktok", objectId: parent.id, commentId: parent.id, ok: true, text });
  tiktokOk(ctx, { comment_id: id, video_id: parent.videoId, text, create_time: t.clock.nowSeconds(), owner: true });
}

function remove(ctx: Ctx, t: TikTokSim, openId: string): void {
  const comment = commentOf(ctx, t, openId, false);
  // TikTok's rule: an account deletes only its own comments; a commenter's can be hidden.
  if (!comment.owner) {
    ctx.sim.state.recordCall({ type: "delete", platform: "tiktok", objectId: comment.id, commentId: comment.id, ok: false, errorCode: 40001 });
    throw new TikTokError(40001, "Only the account's own comments can be deleted");
  }
  comment.deleted = true;
  ctx.sim.state.recordCall({ type: "delete", platform: "tiktok", objectId: comment.id, commentId: comment.id, ok: true });
  tiktokOk(ctx, {});
}

// --- control API: /_sim/tiktok/… ---

const id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, "letters, digits, _ and - only");

export async function handleTikTokControl(ctx: Ctx, [area, sub]: string[]): Promise<void> {
  const t = ctx.sim.tiktok;
  const now = t.clock.nowSeconds();
  const accounts = () => [...t.accounts.values()].map((a) => ({ ...a, accessToken: t.tokenFor(a.openId) }));
  switch (`${ctx.method} ${area ?? ""}${sub ? `/${sub}` : ""}`) {
    case "GET accounts":
      return sendJson(ctx.res, 200, { accounts: accounts() });
    case "POST accounts": {
      const input = parseBody(z.object({ accounts: z.array(z.object({ openId: id, username: z.string().regex(/^[\w.]{1,24}$/) })).min(1) }), ctx.json);
      for (const a of input.accounts) t.accounts.set(a.openId, { ...a });
      return sendJson(ctx.res, 200, { accounts: accounts() });
    }
    case "POST accounts/remove-app": {
      // The account holder removes the app: every token of theirs, access and refresh, stops working.
      const input = parseBody(z.object({ openId: id }), ctx.json);
      if (!t.accounts.has(input.openId)) throw new ControlError("openId", "unknown account");
      t.removedApp.add(input.openId);
      return sendJson(ctx.res, 200, { ok: true });
    }
    case "POST videos": {
      const input = parseBody(z.object({ openId: id, ageSeconds: z.number().int().min(0).default(0) }), ctx.json);
      if (!t.accounts.has(input.openId)) throw new ControlError("openId", "unknown account: seed it with POST /_sim/tiktok/accounts");
      const videoId = t.nextId();
      t.videos.set(videoId, { id: videoId, openId: input.openId, createTime: now - input.ageSeconds });
      return sendJson(ctx.res, 201, { id: videoId });
    }
    case "POST comments": {
      const input = parseBody(z.object({ videoId: id, text: z.string().min(1).max(150), username: z.string().regex(/^[\w.]{1,24}$/).default("sim_viewer"), parentId: id.optional(), owner: z.boolean().default(false) }), ctx.json);
      const video = t.videos.get(input.videoId);
      if (!video) throw new ControlError("videoId", "unknown video");
      if (input.parentId && t.comments.get(input.parentId)?.videoId !== video.id) throw new ControlError("parentId", "unknown comment on this video");
      const commentId = t.nextId();
      t.comments.set(commentId, { id: commentId, videoId: video.id, owner: input.owner, username: input.username, text: input.text, createTime: now, hidden: false, deleted: false, ...(input.parentId ? { parentId: input.parentId } : {}) });
      return sendJson(ctx.res, 201, { id: commentId });
    }
    case "GET comments":
      return sendJson(ctx.res, 200, { data: [...t.comments.values()] });
    case "GET listings":
      return sendJson(ctx.res, 200, { data: t.listings });
    case "POST rate-limit":
      t.setRateLimit(parseBody(z.object({ limit: z.number().int().min(0), windowSeconds: z.number().int().min(1).default(60) }), ctx.json));
      return sendJson(ctx.res, 200, t.rateLimit);
    case "POST tokens/revoke":
      t.revoked.add(parseBody(z.object({ token: z.string().min(1) }), ctx.json).token);
      return sendJson(ctx.res, 200, { ok: true });
  }
  if (ctx.method === "GET" && area === "comments" && sub) {
    const comment = t.comments.get(sub);
    if (!comment) throw new ControlError("commentId", "unknown comment", 404);
    return sendJson(ctx.res, 200, comment);
  }
  sendJson(ctx.res, 404, { error: { field: "path", message: "no such control endpoint" } });
}
