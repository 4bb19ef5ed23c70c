import { authenticate, requirePage, withFault, type Ctx } from "./context";
import { bool, errors, graphTime, sendJson, str } from "./http";
import type { CallType, SimComment, SimState } from "./state";
import { commentEvent } from "./webhooks";

// Reading, listing, hiding and deleting comments, Facebook and Instagram, with the permissions the
// real endpoints need. Hide and delete are recorded (GET /_sim/calls) and, for Facebook, notified
// back through the feed webhook like Meta does.

export const REPLY_WINDOW_SECONDS = 7 * 24 * 60 * 60;

const readScope = (c: SimComment) => (c.platform === "facebook" ? "pages_read_engagement" : "instagram_manage_comments");
const manageScope = (c: SimComment) => (c.platform === "facebook" ? "pages_manage_engagement" : "instagram_manage_comments");

export function canReplyPrivately(state: SimState, c: SimComment): boolean {
  return !c.deleted && c.privateReplies === 0 && state.clock.nowSeconds() - c.createdTime <= REPLY_WINDOW_SECONDS;
}

export function commentJson(state: SimState, c: SimComment): Record<string, unknown> {
  if (c.platform === "instagram") {
    return {
      id: c.id, text: c.message, username: c.from.name, from: { id: c.from.id, username: c.from.name },
      timestamp: graphTime(c.createdTime), hidden: c.isHidden, media: { id: c.postId }, ...(c.parentId ? { parent_id: c.parentId } : {}),
    };
  }
  return {
    id: c.id, message: c.message, from: { id: c.from.id, name: c.from.name }, created_time: graphTime(c.createdTime), is_hidden: c.isHidden,
    ...(c.parentId ? { parent: { id: c.parentId } } : {}), can_reply_privately: canReplyPrivately(state, c),
  };
}

/** A live comment the principal's Page may act on with the scope; deleted ones are gone, as on Graph. */
function loadComment(ctx: Ctx, id: string, scope: (c: SimComment) => string): SimComment {
  const principal = authenticate(ctx);
  const comment = ctx.sim.state.comments.get(id);
  if (!comment || comment.deleted) throw errors.notFound(id);
  requirePage(ctx.sim, principal, comment.accountId, scope(comment));
  return comment;
}

/** GET /{comment-id} */
export async function getComment(ctx: Ctx, id: string): Promise<void> {
  const comment = loadComment(ctx, id, readScope);
  await withFault(ctx, "read", () => undefined);
  sendJson(ctx.res, 200, commentJson(ctx.sim.state, comment));
}

/** GET /{post-or-media-or-comment-id}/comments (filter=toplevel|stream, order, limit, after). */
export async function listComments(ctx: Ctx, objectId: string): Promise<void> {
  const { state } = ctx.sim;
  const principal = authenticate(ctx);
  const post = state.posts.get(objectId);
  const parent = post ? undefined : state.comments.get(objectId);
  if (!post && (!parent || parent.deleted)) throw errors.notFound(objectId);
  const platform = post?.platform ?? parent!.platform;
  requirePage(ctx.sim, principal, post?.accountId ?? parent!.accountId, platform === "facebook" ? "pages_read_engagement" : "instagram_manage_comments");
  await withFault(ctx, "read", () => undefined);

  const stream = platform === "facebook" && str(ctx.params.filter) === "stream";
  let list = [...state.comments.values()].filter((c) => !c.deleted && (post ? c.postId === post.id && (stream || !c.parentId) : c.parentId === objectId));
  list.sort((a, b) => a.createdTime - b.createdTime || a.id.localeCompare(b.id, "en", { numeric: true }));
  if (str(ctx.params.order) === "reverse_chronological") list = list.reverse();

  const limit = Math.min(100, Math.max(1, Number(str(ctx.params.limit) ?? 25) || 25));
  const afterParam = str(ctx.params.after);
  const start = afterParam ? Number(Buffer.from(afterParam, "base64url").toString("utf8")) + 1 : 0;
  if (!Number.isInteger(start) || start < 0) throw errors.param("Invalid cursor");
  const pageItems = list.slice(start, start + limit);
  const cursor = (i: number) => Buffer.from(String(i)).toString("base64url");
  // Graph's `next` repeats the request (fields, filter, order) with the new cursor; the token and its
  // proof are left out here, so the URL can be logged.
  const nextUrl = () => {
    const url = new URL(ctx.url.pathname, ctx.url.origin);
    for (const [k, v] of ctx.url.searchParams) if (k !== "access_token" && k !== "appsecret_proof" && k !== "after" && k !== "before") url.searchParams.set(k, v);
    url.searchParams.set("limit", String(limit));
    url.searchParams.set("after", cursor(start + pageItems.length - 1));
    return url.toString();
  };
  const paging = pageItems.length
    ? { cursors: { before: cursor(start), after: cursor(start + pageItems.length - 1) }, ...(start + limit < list.length ? { next: nextUrl() } : {}) }
    : undefined;
  sendJson(ctx.res, 200, { data: pageItems.map((c) => commentJson(state, c)), ...(paging ? { paging } : {}) });
}

function record(ctx: Ctx, c: SimComment, type: CallType, ok: boolean, errorCode?: number): void {
  ctx.sim.state.recordCall({ type, platform: c.platform, objectId: c.id, commentId: c.id, ok, ...(errorCode ? { errorCode } : {}) });
}

/** POST /{comment-id} with is_hidden (Facebook) or hide (Instagram). Idempotent; a repeat sends no webhook. */
export async function updateComment(ctx: Ctx, id: string): Promise<void> {
  const comment = loadComment(ctx, id, manageScope);
  const hidden = bool(comment.platform === "facebook" ? ctx.params.is_hidden : ctx.params.hide);
  if (hidden === undefined) {
    const e = errors.param(comment.platform === "facebook" ? "Param is_hidden must be a boolean" : "Param hide must be a boolean");
    record(ctx, comment, "hide", false, e.code);
    throw e;
  }
  const changed = await withFault(ctx, "hide", () => {
    const was = comment.isHidden;
    comment.isHidden = hidden;
    record(ctx, comment, hidden ? "hide" : "unhide", true);
    return was !== hidden;
  });
  if (changed && comment.platform === "facebook") ctx.sim.webhooks.background([commentEvent(comment, hidden ? "hide" : "unhide", ctx.sim.state.clock.nowSeconds())]);
  sendJson(ctx.res, 200, { success: true });
}

/**
 * A public reply from the Page (or Instagram account) under a comment: POST /{comment-id}/comments
 * with `message` on Facebook, POST /{ig-comment-id}/replies on Instagram. Recorded with its text.
 * The simulator does not echo the account's own reply back through the webhook.
 */
export async function replyToComment(ctx: Ctx, id: string, edge: "comments" | "replies"): Promise<void> {
  const comment = loadComment(ctx, id, manageScope);
  const expected = comment.platform === "facebook" ? "comments" : "replies";
  if (edge !== expected) throw errors.unsupported("POST");
  const text = str(ctx.params.message);
  if (!text || text.length > 8000) {
    const e = errors.param("param message must be 1 to 8000 characters.");
    record(ctx, comment, "public_reply", false, e.code);
    throw e;
  }
  const { state } = ctx.sim;
  const page = state.pageForAccount(comment.accountId);
  const replyId = await withFault(ctx, "public_reply", () => {
    const seq = state.nextSeq();
    const replyId = comment.platform === "instagram" ? `18${String(seq).padStart(15, "0")}` : `${comment.postId.split("_")[1] ?? comment.postId}_${seq}`;
    state.comments.set(replyId, {
      id: replyId, platform: comment.platform, accountId: comment.accountId, postId: comment.postId, parentId: comment.parentId ?? comment.id,
      message: text, from: { id: comment.accountId, name: page?.name ?? "Page" }, createdTime: state.clock.nowSeconds(), isHidden: false, deleted: false, privateReplies: 0,
    });
    state.recordCall({ type: "public_reply", platform: comment.platform, objectId: comment.id, commentId: comment.id, ok: true, text });
    return replyId;
  });
  sendJson(ctx.res, 200, { id: replyId });
}

/** DELETE /{comment-id}. A second delete finds nothing (100/33), as on Graph. */
export async function deleteComment(ctx: Ctx, id: string): Promise<void> {
  const comment = loadComment(ctx, id, manageScope);
  await withFault(ctx, "delete", () => {
    comment.deleted = true;
    record(ctx, comment, "delete", true);
  });
  if (comment.platform === "facebook") ctx.sim.webhooks.background([commentEvent(comment, "remove", ctx.sim.state.clock.nowSeconds())]);
  sendJson(ctx.res, 200, { success: true });
}
