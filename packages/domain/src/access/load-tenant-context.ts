import { acrossOrgs, pgDirect, Prisma, rawSql, scopedDb, type Role } from "@vetted/db";
import { AppError } from "../errors";
import { isUuid } from "../validate";
import type { RequestMeta, TenantContext } from "../context";
import { NO_REQUEST } from "../context";

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What a context needs of a membership, its org and its user, and no more (never the password hash). */
export type TenantMembership = {
  role: Role;
  org: { id: string; slug: string; name: string; agencyId: string; idleTimeoutMinutes: number; timeZone: string };
  user: { id: string; email: string; name: string };
};

// The same three-table row for one org or for all of a user's orgs: every org page's view asks for one,
// and as a Prisma read with its two relations it was three statements (bench:pages).
const MEMBERSHIP_COLUMNS = Prisma.sql`m.role, json_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'agencyId', o."agencyId",
      'idleTimeoutMinutes', o."idleTimeoutMinutes", 'timeZone', o."timeZone") AS org,
    json_build_object('id', u.id, 'email', u.email, 'name', u.name) AS "user"
  FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" JOIN "User" u ON u.id = m."userId"`;

const userMemberships = () => rawSql(pgDirect(), acrossOrgs("the signed-in user's own memberships: how a tenant context is resolved"));

/**
 * Builds the tenant context for a signed-in user and an org slug from the URL. A user who is not a
 * member gets the same NOT_FOUND as for an org that does not exist, so a slug cannot be probed.
 */
export async function loadTenantContext(userId: string, orgSlug: string, request: RequestMeta = NO_REQUEST): Promise<TenantContext> {
  if (!SLUG.test(orgSlug) || !isUuid(userId)) throw AppError.notFound();
  const [membership] = await userMemberships().query<TenantMembership[]>`SELECT ${MEMBERSHIP_COLUMNS}
    WHERE m."userId" = ${userId}::uuid AND o.slug = ${orgSlug}`;
  if (!membership) throw AppError.notFound();
  return tenantContextOf(membership, request);
}

/** Every membership of the user, by org name (the database's collation). */
export async function membershipsOf(userId: string): Promise<TenantMembership[]> {
  if (!isUuid(userId)) return [];
  return userMemberships().query<TenantMembership[]>`SELECT ${MEMBERSHIP_COLUMNS}
    WHERE m."userId" = ${userId}::uuid ORDER BY o.name, o.id`;
}

/**
 * One tenant context per org the user belongs to, by org name: for the pages that gather across a
 * person's client orgs (the content calendar), so each org is still read through its own scoped client.
 */
export async function loadTenantContexts(userId: string, request: RequestMeta = NO_REQUEST): Promise<TenantContext[]> {
  const memberships = await membershipsOf(userId);
  return memberships.map((m) => tenantContextOf(m, request)).sort((a, b) => a.org.name.localeCompare(b.org.name));
}

/** The context of one membership: its org, its role, and a client bound to that org. */
export function tenantContextOf(membership: TenantMembership, request: RequestMeta = NO_REQUEST): TenantContext {
  const { org, user } = membership;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    org: { id: org.id, slug: org.slug, name: org.name, agencyId: org.agencyId, idleTimeoutMinutes: org.idleTimeoutMinutes, timeZone: org.timeZone },
    role: membership.role,
    db: scopedDb(org.id),
    request,
  };
}
