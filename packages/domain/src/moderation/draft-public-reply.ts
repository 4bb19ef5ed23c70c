import { randomUUID } from "node:crypto";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { encryptField } from "../consents/crypto";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { parseInput } from "../validate";
import { retireCommentNotifications } from "../notifications/mark-post-notifications-read";
import { hiddenForPhi, storedFindings } from "./inbox-common";
import { openOptional, sealField } from "./moderation-crypto";
import { assertPlatformCan, assertPublicReplyFits } from "./platform-capabilities";
import { assessPublicReply } from "./public-reply-check";
import { PRIVATE_REPLY_MAX } from "./request-private-reply";
import { scannerChannel } from "./scan-comment";

export const draftPublicReplySchema = z.object({
  commentId: z.uuid({ message: "Choose a comment" }),
  text: z.string({ message: "Write the reply" }).trim().min(1, "Write the reply").max(PRIVATE_REPLY_MAX, `Keep the reply under ${PRIVATE_REPLY_MAX} characters`),
  /** A compliance officer's written reason to send a refused reply anyway. */
  overrideReason: z.string().trim().max(1000, "Keep the reason under 1000 characters").optional().transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 20, "Explain the override in at least 20 characters"),
});

/** A public reply refused by the check: the message and `fields.text` say why (categories, no words of the comment). */
export class PublicReplyRefusedError extends AppError {
  constructor(readonly refusals: string[], readonly overridable: boolean) {
    super("VALIDATION", `The reply was refused. ${refusals.join(". ")}.`, { text: refusals });
  }
}

const ONE_AT_A_TIME = "A public reply to this comment is already being sent";
export const HIDDEN_PHI_REFUSAL = "This comment was hidden for health information: it can only be answered privately";

/**
 * Checks a public reply the org drafted and, when it passes (or a compliance officer overrides the
 * refusal in writing), writes it into the outbox as a PUBLIC_REPLY. Under a comment hidden for PHI
 * only a private reply is possible, override or not. The text and the override reason are
 * envelopes; the audit holds ids, the verdict, types and whether it was overridden.
 * The outbox sends it through the connector (Facebook, Instagram and TikTok; LinkedIn and X fail as UNSUPPORTED).
 */
export async function draftPublicReply(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "comments.reply");
  const { commentId, text, overrideReason } = parseInput(draftPublicReplySchema, input);
  const orgId = ctx.org.id;
  const c = await ctx.db.socialComment.findFirst({ where: { id: commentId, orgId } });
  if (!c) throw AppError.notFound("Comment not found");
  if (c.deletedAt) throw new AppError("CONFLICT", "The comment was removed from the platform");
  if (hiddenForPhi(c)) throw new PublicReplyRefusedError([HIDDEN_PHI_REFUSAL], false);
  assertPlatformCan(c.platform, "public_reply");
  assertPublicReplyFits(c.platform, text);
  if (await ctx.db.moderationAction.findFirst({ where: { orgId, commentId, kind: "PUBLIC_REPLY", status: "PENDING" }, select: { id: true } })) {
    throw new AppError("CONFLICT", ONE_AT_A_TIME);
  }

  const channel = scannerChannel(c.platform);
  const check = assessPublicReply(text, { text: openOptional(c.textCipher, "social-comment", orgId, c.id, "text"), findings: storedFindings(c.findings) }, {
    config: await loadOrgScanConfig(ctx.db, orgId), ...(channel ? { channel } : {}),
  });
  const refused = check.refusals.length > 0;
  if (refused && !overrideReason) throw new PublicReplyRefusedError(check.refusals, true);
  if (refused) assertCan(ctx, "comments.override");

  const actionId = randomUUID();
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.moderationAction.create({
        data: {
          id: actionId, orgId, commentId, accountId: c.accountId, kind: "PUBLIC_REPLY", requestedById: ctx.user.id,
          textCipher: sealField(text, "moderation-action", orgId, actionId, "text"),
          // The reason may quote the comment: an envelope bound to this action.
          overrideReasonCipher: refused ? encryptField(overrideReason!, `moderation-action:${orgId}:${actionId}:override`) : null,
        },
        select: { id: true },
      });
      // A reply is a response: the first one stops the comment's SLA clock (comment-sla.ts).
      const first = await tx.socialComment.updateMany({ where: { id: commentId, orgId, firstRespondedAt: null }, data: { firstRespondedAt: new Date() } });
      if (first.count) await retireCommentNotifications(tx, orgId, commentId);
      await recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: refused ? "comment.public_reply_overridden" : "comment.public_reply_requested", targetType: "SocialComment", targetId: commentId,
        metadata: { actionId, verdict: check.verdict, echoedTypes: check.echoedTypes, overridden: refused, ...(first.count ? { firstResponse: true } : {}) }, request: ctx.request,
      });
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw new AppError("CONFLICT", ONE_AT_A_TIME);
    throw error;
  }
  return { actionId, verdict: check.verdict, overridden: refused };
}
