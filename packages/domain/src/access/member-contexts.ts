import type { RequestMeta, TenantContext } from "../context";
import { NO_REQUEST } from "../context";
import { membershipsOf, tenantContextOf } from "./load-tenant-context";
import { roleCan, type Action } from "./permissions";

/**
 * One tenant context per org the user belongs to with a role that may `action`, by org name: how a
 * page over all of a person's orgs (the agency overview) keeps every per-org query on that org's own
 * scoped client and role. The user's memberships are the only way in, as for loadTenantContext; the
 * membership list is the one query that spans orgs, and it reads only the user's own rows.
 */
export async function memberContexts(userId: string, action: Action, request: RequestMeta = NO_REQUEST): Promise<TenantContext[]> {
  const memberships = await membershipsOf(userId);
  return memberships.filter((m) => roleCan(m.role, action)).map((m) => tenantContextOf(m, request));
}
