import { createHash, randomBytes } from "node:crypto";
import { authenticate, requirePage, withFault, type Ctx } from "./context";
import { errors, GraphError, obj, sendJson, str } from "./http";
import { REPLY_WINDOW_SECONDS } from "./comments";

// Private replies: POST /{page-id}/messages (Facebook) or /{ig-user-id}/messages (Instagram) with
// recipient.comment_id. Meta's rules: one private reply per comment, within 7 days of the comment.

const MAX_TEXT = 2000;

export async function sendMessage(ctx: Ctx, senderId: string): Promise<void> {
  const { state } = ctx.sim;
  const principal = authenticate(ctx);
  const page = state.pageForAccount(senderId);
  if (!page) throw errors.notFound(senderId);
  const instagram = page.id !== senderId;
  requirePage(ctx.sim, principal, senderId, instagram ? "instagram_manage_messages" : "pages_messaging");

  const commentId = str(obj(ctx.params.recipient)?.comment_id);
  if (!commentId) throw errors.param("param recipient must be non-empty and name a comment_id.");
  const text = str(obj(ctx.params.message)?.text);
  if (!text || text.length > MAX_TEXT) throw errors.param(`param message[text] must be 1 to ${MAX_TEXT} characters.`);

  const comment = state.comments.get(commentId);
  const platform = instagram ? "instagram" : "facebook";
  const refuse = (e: GraphError): never => {
    state.recordCall({ type: "private_reply", platform, objectId: commentId, commentId, ok: false, errorCode: e.code, text });
    throw e;
  };
  if (!comment || comment.deleted || comment.accountId !== senderId) refuse(errors.notFound(commentId));
  if (comment!.privateReplies > 0) refuse(new GraphError(400, 10900, "Activity already replied to"));
  if (state.clock.nowSeconds() - comment!.createdTime > REPLY_WINDOW_SECONDS) refuse(new GraphError(400, 10903, "This message is sent outside of allowed window."));

  await withFault(ctx, "private_reply", () => {
    comment!.privateReplies++;
    state.recordCall({ type: "private_reply", platform, objectId: commentId, commentId, ok: true, text });
  });
  // A page-scoped id for the commenter, stable per (page, author) like Messenger's PSIDs.
  const recipientId = BigInt(`0x${createHash("sha256").update(`${page.id}:${comment!.from.id}`).digest("hex").slice(0, 13)}`).toString();
  sendJson(ctx.res, 200, { recipient_id: recipientId, message_id: `m_${randomBytes(16).toString("base64url")}` });
}
