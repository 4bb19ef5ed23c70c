import { db } from "@vetted/db";
import type { AgencyContext } from "./agency-context";

/** Every client org of the agency with its member count, for the agency admin's overview. */
export async function listAgencyOrgs(ctx: AgencyContext) {
  const orgs = await db().organization.findMany({
    where: { agencyId: ctx.agencyId },
    include: { _count: { select: { memberships: true } } },
    orderBy: { name: "asc" },
  });
  return orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, kind: o.kind, members: o._count.memberships }));
}

export async function listAgencyUsers(ctx: AgencyContext) {
  return db().user.findMany({
    where: { agencyId: ctx.agencyId },
    select: { id: true, name: true, email: true, agencyRole: true },
    orderBy: { name: "asc" },
  });
}
