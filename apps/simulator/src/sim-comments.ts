import { z } from "zod";
import type { Ctx } from "./context";
import { sendJson } from "./http";
import type { SimComment, SimPost } from "./state";
import { commentEvent, type WebhookEvent } from "./webhooks";

// Control API: someone comments, edits or deletes under a post, and the webhooks go out, optionally
// late, duplicated, or with the edit's delivery ahead of the create's.

export class ControlError extends Error {
  constructor(readonly field: string, message: string, readonly status = 400) {
    super(message);
  }
}

const graphId = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "letters, digits and _ only");
const delivery = {
  /** Milliseconds before the first delivery; the call answers at once. */
  delay: z.number().int().min(0).max(600_000).optional(),
  /** Extra byte-identical copies of each delivery. */
  duplicate: z.number().int().min(0).max(50).optional(),
};

export const createCommentSchema = z.object({
  platform: z.enum(["facebook", "instagram"]).default("facebook"),
  pageId: graphId.optional(),
  igUserId: graphId.optional(),
  postId: graphId.optional(),
  mediaId: graphId.optional(),
  parentId: graphId.optional(),
  message: z.string().min(1).max(8000),
  from: z.object({ id: graphId.optional(), name: z.string().min(1).max(100).optional() }).optional(),
  /** After the create, the author edits the comment to this text (Facebook only). */
  edit: z.string().min(1).max(8000).optional(),
  /** Deliver the edit's webhook before the create's. */
  outOfOrder: z.boolean().optional(),
  ...delivery,
});

export function parseBody<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ControlError(issue.path.join(".") || "body", issue.message);
  }
  return parsed.data;
}

const randomAuthorId = () => String(10_000_000_000_000 + Math.floor(Math.random() * 89_999_999_999_999));

function resolvePost(ctx: Ctx, input: z.infer<typeof createCommentSchema>, parent?: SimComment): SimPost {
  const { state } = ctx.sim;
  const instagram = input.platform === "instagram";
  let accountId: string | undefined;
  if (instagram) accountId = input.igUserId ?? (input.pageId ? state.pages.get(input.pageId)?.igUserId : undefined) ?? parent?.accountId;
  else accountId = input.pageId ?? input.postId?.split("_")[0] ?? parent?.accountId;
  if (!accountId || !state.pageForAccount(accountId)) throw new ControlError(instagram ? "igUserId" : "pageId", "unknown account: seed it with POST /_sim/pages");
  if (instagram && state.pages.has(accountId)) throw new ControlError("igUserId", "the Page has no linked Instagram account");

  const postId = (instagram ? input.mediaId ?? input.postId : input.postId) ?? parent?.postId;
  const existing = postId ? state.posts.get(postId) : undefined;
  if (existing) {
    if (existing.accountId !== accountId) throw new ControlError("postId", "the post belongs to another account");
    return existing;
  }
  // Unknown posts are created on the fly, so the demo seed's post ids work after a simulator restart.
  const id = postId ?? (instagram ? `179${String(state.nextSeq()).padStart(14, "0")}` : `${accountId}_${state.nextSeq()}`);
  const post: SimPost = { id, platform: input.platform, accountId, message: "(simulated post)", createdTime: state.clock.nowSeconds() };
  state.posts.set(id, post);
  return post;
}

/** POST /_sim/comments */
export async function createComment(ctx: Ctx): Promise<void> {
  const input = parseBody(createCommentSchema, ctx.json);
  const { state } = ctx.sim;
  const parent = input.parentId ? state.comments.get(input.parentId) : undefined;
  if (input.parentId && (!parent || parent.deleted)) throw new ControlError("parentId", "unknown comment");
  if (input.platform === "instagram" && input.edit !== undefined) throw new ControlError("edit", "Instagram comments cannot be edited");
  const post = resolvePost(ctx, input, parent);
  if (parent && parent.postId !== post.id) throw new ControlError("parentId", "the parent comment is under another post");

  const seq = state.nextSeq();
  const id = post.platform === "instagram" ? `18${String(seq).padStart(15, "0")}` : `${post.id.split("_")[1] ?? post.id}_${seq}`;
  const now = state.clock.nowSeconds();
  const comment: SimComment = {
    id, platform: post.platform, accountId: post.accountId, postId: post.id, ...(parent ? { parentId: parent.id } : {}),
    message: input.message, from: { id: input.from?.id ?? randomAuthorId(), name: input.from?.name ?? "Sim Commenter" },
    createdTime: now, isHidden: false, deleted: false, privateReplies: 0,
  };
  state.comments.set(id, comment);

  const events: WebhookEvent[] = [commentEvent(comment, "add", now, input.message)];
  if (input.edit !== undefined) {
    comment.message = input.edit;
    // An edit is a later event; its own entry time keeps it apart from the create's.
    const edited = commentEvent(comment, "edited", now + 1, input.edit);
    if (input.outOfOrder) events.unshift(edited);
    else events.push(edited);
  }
  const deliveries = await ctx.sim.webhooks.send(events, { duplicate: input.duplicate, delayMs: input.delay });
  sendJson(ctx.res, 201, { commentId: id, postId: post.id, accountId: post.accountId, platform: post.platform, deliveries });
}

const editSchema = z.object({ message: z.string().min(1).max(8000), ...delivery });
const removeSchema = z.object(delivery);

function liveComment(ctx: Ctx, id: string): SimComment {
  const comment = ctx.sim.state.comments.get(id);
  if (!comment) throw new ControlError("commentId", "unknown comment", 404);
  if (comment.deleted) throw new ControlError("commentId", "the comment is deleted", 409);
  return comment;
}

/** POST /_sim/comments/{id}/edit: the author edits; Facebook notifies with verb "edited". */
export async function editComment(ctx: Ctx, id: string): Promise<void> {
  const input = parseBody(editSchema, ctx.json);
  const comment = liveComment(ctx, id);
  if (comment.platform === "instagram") throw new ControlError("commentId", "Instagram comments cannot be edited");
  comment.message = input.message;
  const deliveries = await ctx.sim.webhooks.send([commentEvent(comment, "edited", ctx.sim.state.clock.nowSeconds(), input.message)], { duplicate: input.duplicate, delayMs: input.delay });
  sendJson(ctx.res, 200, { commentId: id, deliveries });
}

/** POST /_sim/comments/{id}/remove: the author deletes; Facebook notifies with verb "remove", Instagram says nothing. */
export async function removeComment(ctx: Ctx, id: string): Promise<void> {
  const input = parseBody(removeSchema, ctx.json);
  const comment = liveComment(ctx, id);
  comment.deleted = true;
  const events = comment.platform === "facebook" ? [commentEvent(comment, "remove", ctx.sim.state.clock.nowSeconds())] : [];
  const deliveries = await ctx.sim.webhooks.send(events, { duplicate: input.duplicate, delayMs: input.delay });
  sendJson(ctx.res, 200, { commentId: id, deliveries });
}
