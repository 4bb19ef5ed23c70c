import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings } from "../policy/propose-policy-version-from-settings";
import { PRIVATE_REPLY_MAX } from "./request-private-reply";

export const saveReplyTemplateSchema = z.object({
  /** Absent: a new template. */
  templateId: z.uuid({ message: "Choose a template" }).optional(),
  name: z.string({ message: "Name the template" }).trim().min(1, "Name the template").max(80, "Keep the name under 80 characters"),
  body: z.string({ message: "Write the reply" }).trim().min(1, "Write the reply").max(PRIVATE_REPLY_MAX, `Keep the reply under ${PRIVATE_REPLY_MAX} characters`),
});

/**
 * Creates or edits one of the org's reply templates (admins and compliance officers). A template is
 * the org's own words for everyone; the audit records its id only.
 */
export async function saveReplyTemplate(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "comments.templates");
  const { templateId, name, body } = parseInput(saveReplyTemplateSchema, input);
  const orgId = ctx.org.id;
  try {
    return await ctx.db.$transaction(async (tx) => {
      // The manual lists the templates (issue 13): its lock comes before the audit chain's.
      await lockManual(tx, orgId);
      const saved = templateId
        ? await tx.replyTemplate.updateManyAndReturn({ where: { id: templateId, orgId }, data: { name, body, updatedById: ctx.user.id }, select: { id: true, name: true } }).then((rows) => rows[0])
        : await tx.replyTemplate.create({ data: { orgId, name, body, createdById: ctx.user.id, updatedById: ctx.user.id }, select: { id: true, name: true } });
      if (!saved) throw AppError.notFound("Template not found");
      await recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: templateId ? "reply_template.updated" : "reply_template.created", targetType: "ReplyTemplate", targetId: saved.id, request: ctx.request,
      });
      await proposePolicyVersionFromSettings(tx, { orgId, actorId: ctx.user.id, what: "reply_templates", request: ctx.request });
      return saved;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw new AppError("CONFLICT", "A template with that name exists", { name: ["Choose another name"] });
    throw error;
  }
}
