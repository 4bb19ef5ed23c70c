import { ANY_ORG, db, scopedDb, type Role } from "@vetted/db";
import { AppError } from "../errors";
import type { RequestMeta, TenantContext } from "../context";
import { NO_REQUEST } from "../context";

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * What a context needs of a membership's org and user, and no more: every page view reads it, and the
 * user's row also holds their password hash, which has no business in a request's memory.
 */
export const TENANT_MEMBERSHIP = {
  role: true,
  org: { select: { id: true, slug: true, name: true, agencyId: true, idleTimeoutMinutes: true, timeZone: true } },
  user: { select: { id: true, email: true, name: true } },
} as const;

type TenantMembership = {
  role: Role;
  org: { id: string; slug: string; name: string; agencyId: string; idleTimeoutMinutes: number; timeZone: string };
  user: { id: string; email: string; name: string };
};

/**
 * Builds the tenant context for a signed-in user and an org slug from the URL. A user who is not a
 * member gets the same NOT_FOUND as for an org that does not exist, so a slug cannot be probed.
 */
export async function loadTenantContext(userId: string, orgSlug: string, request: RequestMeta = NO_REQUEST): Promise<TenantContext> {
  if (!SLUG.test(orgSlug)) throw AppError.notFound();
  const membership = await db().membership.findFirst({
    where: { orgId: ANY_ORG, userId, org: { slug: orgSlug } },
    select: TENANT_MEMBERSHIP,
  });
  if (!membership) throw AppError.notFound();
  return tenantContextOf(membership, request);
}

/**
 * One tenant context per org the user belongs to, by org name: for the pages that gather across a
 * person's client orgs (the content calendar), so each org is still read through its own scoped client.
 */
export async function loadTenantContexts(userId: string, request: RequestMeta = NO_REQUEST): Promise<TenantContext[]> {
  const memberships = await db().membership.findMany({ where: { orgId: ANY_ORG, userId }, select: TENANT_MEMBERSHIP });
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
