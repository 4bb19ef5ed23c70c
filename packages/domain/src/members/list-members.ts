import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";

export async function listMembers(ctx: TenantContext) {
  assertCan(ctx, "members.view");
  const rows = await ctx.db.membership.findMany({
    where: {},
    include: { user: { select: { id: true, name: true, email: true, lastLoginAt: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map((m) => ({ id: m.id, role: m.role, createdAt: m.createdAt, user: m.user, isSelf: m.userId === ctx.user.id }));
}
