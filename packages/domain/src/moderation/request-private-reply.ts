import { randomUUID } from "node:crypto";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { retireCommentNotifications } from "../notifications/mark-post-notifications-read";
import { sealField } from "./moderation-crypto";
import { assertPlatformCan } from "./platform-capabilities";
import { sendModerationAction, type SendOptions } from "./send-moderation-action";

export const PRIVATE_REPLY_MAX = 2000;

export const requestPrivateReplySchema = z.object({
  commentId: z.uuid({ message: "Choose a comment" }),
  text: z.string({ message: "Write the reply" }).trim().min(1, "Write the reply").max(PRIVATE_REPLY_MAX, `Keep the reply under ${PRIVATE_REPLY_MAX} characters`),
});

const ONE_REPLY = "A private reply was already sent, or is being sent, for this comment";

/**
 * Queues the one private reply a comment may get (Meta allows one per comment, within 7 days). The
 * outbox row is unique per comment (partial unique index), so a second request — a double click, a
 * second person — is refused with CONFLICT and nothing is sent twice. The text is encrypted; the
 * audit records ids only. With `clients`, the reply is sent at once; otherwise the worker sends it.
 */
export async function requestPrivateReply(ctx: TenantContext, input: unknown, deps: Partial<SendOptions> = {}): Promise<{ actionId: string }> {
  assertCan(ctx, "comments.reply");
  const { commentId, text } = parseInput(requestPrivateReplySchema, input);
  const orgId = ctx.org.id;
  const actionId = randomUUID();
  try {
    await ctx.db.$transaction(async (tx) => {
      const comment = await tx.socialComment.findFirst({ where: { id: commentId, orgId }, select: { id: true, accountId: true, platform: true, deletedAt: true, privateRepliedAt: true, firstRespondedAt: true } });
      if (!comment) throw AppError.notFound("Comment not found");
      if (comment.deletedAt) throw new AppError("CONFLICT", "The comment was removed from the platform");
      if (comment.privateRepliedAt) throw new AppError("CONFLICT", ONE_REPLY);
      assertPlatformCan(comment.platform, "private_reply");
      await tx.moderationAction.create({
        data: {
          id: actionId, orgId, commentId, accountId: comment.accountId, kind: "PRIVATE_REPLY", requestedById: ctx.user.id,
          textCipher: sealField(text, "moderation-action", orgId, actionId, "text"),
        },
        select: { id: true },
      });
      // A reply is a response: the first one stops the comment's SLA clock (comment-sla.ts).
      if (!comment.firstRespondedAt) {
        await tx.socialComment.updateMany({ where: { id: commentId, orgId, firstRespondedAt: null }, data: { firstRespondedAt: new Date() } });
        await retireCommentNotifications(tx, orgId, commentId);
      }
      await recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: "comment.private_reply_requested", targetType: "SocialComment", targetId: commentId,
        metadata: { actionId, ...(comment.firstRespondedAt ? {} : { firstResponse: true }) }, request: ctx.request,
      });
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw new AppError("CONFLICT", ONE_REPLY);
    throw error;
  }
  if (deps.clients) await sendModerationAction(orgId, actionId, { ...deps, clients: deps.clients }).catch(() => undefined);
  return { actionId };
}
