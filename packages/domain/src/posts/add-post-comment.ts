import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { parseInput } from "../validate";

export const addPostCommentSchema = z.object({
  postId: z.string().uuid("Not a valid post id"),
  body: z.string().trim().min(1, "Write a comment").max(4000, "Keep comments under 4000 characters"),
});

/** The review conversation on a post; everyone who took part before is notified. */
export async function addPostComment(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.comment");
  const { postId, body } = parseInput(addPostCommentSchema, input);
  const { comment, mailIds } = await ctx.db.$transaction(async (tx) => {
    const post = await tx.post.findFirst({ where: { id: postId, orgId: ctx.org.id } });
    if (!post) throw AppError.notFound("Post not found");
    const comment = await tx.postComment.create({ data: { orgId: ctx.org.id, postId, authorId: ctx.user.id, body } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "post.commented", targetType: "Post", targetId: postId,
      metadata: { commentId: comment.id }, request: ctx.request,
    });
    const earlier = await tx.postComment.findMany({ where: { orgId: ctx.org.id, postId }, select: { authorId: true } });
    const recipients = [post.authorId, ...earlier.map((c) => c.authorId)].filter((id) => id !== ctx.user.id);
    const mailIds = await notifyUsers(tx, { orgId: ctx.org.id, orgSlug: ctx.org.slug, orgName: ctx.org.name, postId, kind: "comment", userIds: recipients, request: ctx.request });
    return { comment, mailIds };
  });
  for (const id of mailIds) await deliverMail(id);
  return comment;
}
