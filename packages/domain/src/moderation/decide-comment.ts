import { randomUUID } from "node:crypto";
import type { ModerationActionKind, Prisma, SocialComment, SocialCommentStatus, Tx } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { retireCommentNotifications } from "../notifications/mark-post-notifications-read";
import { firstResponseData, RESPONSE_DECISIONS, responseDueAt } from "./comment-sla";
import { findingTypes } from "./inbox-common";
import { openField, sealField, sealOptional } from "./moderation-crypto";
import { assertPlatformCan } from "./platform-capabilities";
import { sendModerationAction, type SendOptions } from "./send-moderation-action";

export const COMMENT_DECISIONS = ["hide", "unhide", "delete", "resolve", "escalate", "needs_reply", "assign", "unassign"] as const;
export type CommentDecision = (typeof COMMENT_DECISIONS)[number];

export const decideCommentSchema = z.object({
  commentId: z.uuid({ message: "Choose a comment" }),
  action: z.enum(COMMENT_DECISIONS, { message: `Action must be one of ${COMMENT_DECISIONS.join(", ")}` }),
  /** For "assign": the member to assign; default the caller. */
  assigneeId: z.uuid({ message: "Choose a member" }).optional(),
});

const DAY_MS = 86_400_000;
const STATUS_OF: Partial<Record<CommentDecision, SocialCommentStatus>> = { resolve: "RESOLVED", escalate: "ESCALATED", needs_reply: "NEEDS_REPLY" };

/**
 * A person's decision on one comment. hide and delete keep a snapshot of the comment first and write
 * the platform call into the outbox, in one transaction with the status and the audit (as the
 * automatic hide does); the worker (or `deps.clients`, at once) sends it. Unhiding a comment the
 * scanner blocked is a compliance officer's call. The comment row is locked, so two people acting at
 * once are serialized; a second hide while one is pending is refused. A decision other than
 * assigning or "needs reply" is the comment's first response (comment-sla.ts) when it is the first;
 * "needs reply" starts the response clock when it was not running.
 */
export async function decideComment(ctx: TenantContext, input: unknown, deps: Partial<SendOptions> = {}) {
  assertCan(ctx, "comments.moderate");
  const { commentId, action, assigneeId } = parseInput(decideCommentSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    const [locked] = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`SELECT id::text FROM "SocialComment" WHERE id = ${commentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (!locked) throw AppError.notFound("Comment not found");
    const c = await tx.socialComment.findFirstOrThrow({ where: { id: commentId, orgId } });
    const firstResponse = RESPONSE_DECISIONS.has(action) && !c.firstRespondedAt;
    if (firstResponse) await retireCommentNotifications(tx, orgId, c.id);
    const audit = (metadata: Record<string, unknown>) =>
      recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: `comment.${action}`, targetType: "SocialComment", targetId: c.id,
        metadata: { from: c.status, ...metadata, ...(firstResponse ? { firstResponse } : {}) }, request: ctx.request,
      });

    if (action === "assign" || action === "unassign") {
      const to = action === "assign" ? (assigneeId ?? ctx.user.id) : null;
      if (to && !(await tx.membership.findFirst({ where: { orgId, userId: to, role: { not: "STAFF" } }, select: { id: true } }))) {
        throw new AppError("VALIDATION", "That person cannot be assigned comments here", { assigneeId: ["Choose a member who can moderate comments"] });
      }
      await update(tx, c, { assignedToId: to });
      await audit({ assigneeId: to });
      return { actionId: null };
    }
    const status = STATUS_OF[action];
    if (status) {
      await update(tx, c, { status, ...(action === "needs_reply" ? await startClock(tx, c) : firstResponseData(c)) });
      await audit({ to: status });
      return { actionId: null };
    }
    if (c.deletedAt) throw new AppError("CONFLICT", "The comment was removed from the platform");
    assertPlatformCan(c.platform, action === "delete" ? "delete" : "hide");
    const pending = await tx.moderationAction.findMany({ where: { orgId, commentId, status: "PENDING", kind: { in: ["HIDE", "UNHIDE", "DELETE"] } }, select: { kind: true } });
    if (pending.length > 0) throw new AppError("CONFLICT", `A ${pending[0]!.kind.toLowerCase()} of this comment is still being sent; try again in a moment`);
    if (action === "hide" && c.hiddenAt) throw new AppError("CONFLICT", "The comment is already hidden");
    if (action === "unhide") {
      if (!c.hiddenAt) throw new AppError("CONFLICT", "The comment is not hidden");
      if (c.verdict === "block") assertCan(ctx, "comments.override");
    }
    const kind: ModerationActionKind = action === "hide" ? "HIDE" : action === "unhide" ? "UNHIDE" : "DELETE";
    const actionId = randomUUID();
    // Evidence before the act: what the comment said when it was hidden or deleted.
    const snapshotId = kind === "UNHIDE" ? null : await snapshot(tx, c, actionId);
    await tx.moderationAction.create({ data: { id: actionId, orgId, commentId, accountId: c.accountId, kind, requestedById: ctx.user.id }, select: { id: true } });
    const to: SocialCommentStatus = kind === "HIDE" ? "HIDDEN_PENDING_REVIEW" : "RESOLVED";
    await update(tx, c, { status: to, ...firstResponseData(c) });
    await audit({ to, actionId, ...(snapshotId ? { snapshotId, textSha256: c.textSha256 } : {}), verdict: c.verdict, types: findingTypes(c.findings) });
    return { actionId };
  });
  if (result.actionId && deps.clients) await sendModerationAction(orgId, result.actionId, { ...deps, clients: deps.clients }).catch(() => undefined);
  return result;
}

const update = (tx: Tx, c: SocialComment, data: Prisma.SocialCommentUpdateInput) =>
  tx.socialComment.update({ where: { id: c.id, orgId: c.orgId }, data, select: { id: true } });

/** "Needs reply" on a comment no one has answered and whose clock is not running: it starts now. */
async function startClock(tx: Tx, c: SocialComment): Promise<Prisma.SocialCommentUpdateInput> {
  if (c.responseDueAt || c.firstRespondedAt) return {};
  const org = await tx.organization.findUniqueOrThrow({ where: { id: c.orgId }, select: { firstResponseSlaMinutes: true } });
  return { responseDueAt: responseDueAt(new Date(), org.firstResponseSlaMinutes) };
}

/** A copy of the text and author under the snapshot's own AAD, kept per the org's retention setting. */
async function snapshot(tx: Tx, c: SocialComment, actionId: string): Promise<string | null> {
  // A stub made by an early hide holds no text yet: there is nothing to keep.
  if (!c.textCipher || !c.textSha256) return null;
  const org = await tx.organization.findUniqueOrThrow({ where: { id: c.orgId }, select: { commentRetentionDays: true } });
  const id = randomUUID();
  const takenAt = new Date();
  const text = openField(c.textCipher, "social-comment", c.orgId, c.id, "text");
  const author = c.authorNameCipher ? openField(c.authorNameCipher, "social-comment", c.orgId, c.id, "author") : null;
  await tx.commentSnapshot.create({
    data: {
      id, orgId: c.orgId, commentId: c.id, actionId, takenAt, textSha256: c.textSha256,
      textCipher: sealField(text, "comment-snapshot", c.orgId, id, "text"),
      authorNameCipher: sealOptional(author, "comment-snapshot", c.orgId, id, "author"),
      retainUntil: new Date(takenAt.getTime() + org.commentRetentionDays * DAY_MS),
    },
    select: { id: true },
  });
  return id;
}
