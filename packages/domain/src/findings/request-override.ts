import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { parseInput } from "../validate";

export const requestOverrideSchema = z.object({
  findingId: z.string().uuid("Not a valid finding id"),
  reason: z.string().trim().min(20, "Explain in at least 20 characters why this may be published (e.g. a signed authorization is on file)").max(2000, "Keep it under 2000 characters"),
});

/**
 * The author's side of an override: a blocking finding that is real PHI but may be published (for
 * instance, a patient who signed an authorization) goes to the org's compliance officers with the
 * reason. The decision stays theirs: they approve with a written justification, or not.
 */
export async function requestOverride(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.edit");
  const { findingId, reason } = parseInput(requestOverrideSchema, input);
  const { comment, mailIds } = await ctx.db.$transaction(async (tx) => {
    const finding = await tx.finding.findFirst({ where: { id: findingId, orgId: ctx.org.id } });
    if (!finding) throw AppError.notFound("Finding not found");
    if (!finding.blocking || finding.dismissedAt) throw new AppError("CONFLICT", "Only a standing blocking finding needs an override");
    const post = await tx.post.findFirst({ where: { id: finding.postId, orgId: ctx.org.id }, select: { id: true, state: true } });
    if (post?.state !== "IN_REVIEW") throw new AppError("CONFLICT", "An override can be requested while the post is in review");
    const comment = await tx.postComment.create({
      data: { orgId: ctx.org.id, postId: post.id, authorId: ctx.user.id, body: `Override requested for a ${finding.type.toLowerCase()} finding: ${reason}` },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "finding.override_requested", targetType: "Finding", targetId: finding.id,
      metadata: { postId: post.id, type: finding.type, commentId: comment.id }, request: ctx.request,
    });
    const officers = await tx.membership.findMany({ where: { orgId: ctx.org.id, role: "COMPLIANCE_OFFICER" }, select: { userId: true } });
    const mailIds = await notifyUsers(tx, {
      orgId: ctx.org.id, orgSlug: ctx.org.slug, orgName: ctx.org.name, postId: post.id, kind: "override_requested",
      userIds: officers.map((o) => o.userId).filter((id) => id !== ctx.user.id), request: ctx.request,
    });
    return { comment, mailIds };
  });
  for (const id of mailIds) await deliverMail(id);
  return comment;
}
