import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";

/**
 * Who can be named as the staff member behind an incident (the inbox's "Posted by our staff"): the
 * org's members, names only, for those who run incidents. A workforce member without an account is
 * typed instead (openIncident's employeeName).
 */
export async function listIncidentEmployees(ctx: TenantContext): Promise<{ id: string; name: string }[]> {
  assertCan(ctx, "incidents.manage");
  const members = await ctx.db.membership.findMany({
    where: { orgId: ctx.org.id }, select: { userId: true, user: { select: { name: true } } }, orderBy: { user: { name: "asc" } },
  });
  return members.map((m) => ({ id: m.userId, name: m.user.name }));
}
