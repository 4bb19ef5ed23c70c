import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings } from "../policy/propose-policy-version-from-settings";

export const deleteReplyTemplateSchema = z.object({ templateId: z.uuid({ message: "Choose a template" }) });

/** Removes a template (replies already sent from it keep their own text). */
export async function deleteReplyTemplate(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "comments.templates");
  const { templateId } = parseInput(deleteReplyTemplateSchema, input);
  const orgId = ctx.org.id;
  await ctx.db.$transaction(async (tx) => {
    // The manual lists the templates (issue 13): its lock comes before the audit chain's.
    await lockManual(tx, orgId);
    const { count } = await tx.replyTemplate.deleteMany({ where: { id: templateId, orgId } });
    if (count === 0) throw AppError.notFound("Template not found");
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "reply_template.deleted", targetType: "ReplyTemplate", targetId: templateId, request: ctx.request });
    await proposePolicyVersionFromSettings(tx, { orgId, actorId: ctx.user.id, what: "reply_templates", request: ctx.request });
  });
}
