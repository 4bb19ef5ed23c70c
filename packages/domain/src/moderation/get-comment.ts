import { scanText } from "@vetted/scanner";
import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { parseInput } from "../validate";
import { commentSla } from "./comment-sla";
import { commentTime, findingTypes, hiddenForPhi, replyWindowEndsAt, storedFindings, TAB_OF } from "./inbox-common";
import { openOptional } from "./moderation-crypto";
import { scannerChannel } from "./scan-comment";

export const getCommentSchema = z.object({ commentId: z.uuid({ message: "Choose a comment" }) });

/**
 * One comment with its text and author decrypted, for the inbox's detail view. Reading them is a
 * read of PHI: recorded as `comment.viewed` (ids only) before anything is returned. The reasons are
 * the scanner's sentences for the text as it is now (they hold no words of the text).
 */
export async function getComment(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "comments.view");
  const { commentId } = parseInput(getCommentSchema, input);
  const orgId = ctx.org.id;
  const c = await ctx.db.socialComment.findFirst({ where: { id: commentId, orgId } });
  if (!c) throw AppError.notFound("Comment not found");
  const manageIncidents = can(ctx, "incidents.manage");
  const [account, post, actions, assignee, incident] = await Promise.all([
    ctx.db.connectedAccount.findFirst({ where: { id: c.accountId, orgId }, select: { name: true, status: true } }),
    c.postId ? ctx.db.post.findFirst({ where: { id: c.postId, orgId }, select: { id: true, title: true } }) : null,
    ctx.db.moderationAction.findMany({
      where: { orgId, commentId }, orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, status: true, lastErrorCode: true, createdAt: true, sentAt: true, failedAt: true, requestedById: true, overrideReasonCipher: true },
    }),
    c.assignedToId ? ctx.db.user.findFirst({ where: { id: c.assignedToId }, select: { id: true, name: true } }) : null,
    // The breach incident opened for it (a staff member posted it), for those who run incidents.
    manageIncidents ? ctx.db.incident.findFirst({ where: { orgId, commentId }, select: { id: true, status: true, deadlineAt: true } }) : null,
  ]);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "comment.viewed", targetType: "SocialComment", targetId: c.id, request: ctx.request }),
  );
  const text = openOptional(c.textCipher, "social-comment", orgId, c.id, "text");
  const authorName = openOptional(c.authorNameCipher, "social-comment", orgId, c.id, "author");
  const channel = scannerChannel(c.platform);
  const reasons = text ? scanText(text, { kind: "comment", config: await loadOrgScanConfig(ctx.db, orgId), ...(channel ? { channel } : {}) }).reasons : [];
  const windowEnd = replyWindowEndsAt(c);
  const privateReply = actions.find((a) => a.kind === "PRIVATE_REPLY");
  return {
    id: c.id, platform: c.platform, account: account ? { name: account.name, status: account.status } : null, post,
    text, authorName, verdict: c.verdict, reasons, findings: storedFindings(c.findings), findingTypes: findingTypes(c.findings),
    status: c.status, tab: TAB_OF[c.status], hidden: c.hiddenAt !== null, hiddenForPhi: hiddenForPhi(c), deleted: c.deletedAt !== null,
    postedAt: commentTime(c), replyWindowEndsAt: windowEnd, replyWindowOpen: !c.privateRepliedAt && !privateReply && windowEnd.getTime() > Date.now() && !c.deletedAt,
    sla: commentSla(c), firstRespondedAt: c.firstRespondedAt,
    privateRepliedAt: c.privateRepliedAt, privateReply: privateReply ? { status: privateReply.status, errorCode: privateReply.lastErrorCode } : null,
    assignee, actions: actions.map(({ overrideReasonCipher, ...a }) => ({ ...a, overridden: overrideReasonCipher !== null })), incident,
    may: { moderate: can(ctx, "comments.moderate"), reply: can(ctx, "comments.reply"), override: can(ctx, "comments.override"), openIncident: manageIncidents },
  };
}
