import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { getGroupIntakeAddress } from "./group-intake-address";

/**
 * What the "Report a group post" form offers any member: the org's members to pick the author from
 * (names only; members.view is not needed to name a colleague) and the forwarding address.
 */
export async function loadGroupReportForm(ctx: TenantContext) {
  assertCan(ctx, "groups.report");
  const [members, intake] = await Promise.all([
    ctx.db.membership.findMany({ where: { orgId: ctx.org.id }, select: { userId: true, user: { select: { name: true } } }, orderBy: { user: { name: "asc" } } }),
    getGroupIntakeAddress(ctx),
  ]);
  return { members: members.map((m) => ({ id: m.userId, name: m.user.name })), intakeAddress: intake.address };
}
