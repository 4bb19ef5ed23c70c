import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";

/** The org's reply templates, by name: anyone who may reply picks from them. */
export async function listReplyTemplates(ctx: TenantContext) {
  assertCan(ctx, "comments.reply");
  return ctx.db.replyTemplate.findMany({ where: { orgId: ctx.org.id }, orderBy: { name: "asc" }, select: { id: true, name: true, body: true, updatedAt: true } });
}
