import { ANY_ORG, db } from "@vetted/db";

/** The client orgs a user is a member of, for the org switcher. Membership is the only way in. */
export async function listMyOrgs(userId: string) {
  const memberships = await db().membership.findMany({
    where: { userId, orgId: ANY_ORG },
    include: { org: { select: { id: true, slug: true, name: true, kind: true, timeZone: true } } },
    orderBy: { org: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role }));
}
