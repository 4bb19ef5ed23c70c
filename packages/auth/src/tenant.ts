import { AppError, isAppError, loadAgencyAdminContext, loadTenantContext, touchSession, type AgencyContext, type TenantContext } from "@vetted/domain";
import { noteDenied, noteForbidden } from "./denials";
import { currentRequestMeta } from "./request";
import { currentIdentity } from "./session";

export interface SignedInUser {
  userId: string;
  sessionId: string;
  idleMinutes: number;
}

/**
 * The signed-in user with a live server-side session. Throws UNAUTHENTICATED (with the reason:
 * idle, ended, none) when there is none; pages turn that into a redirect to /signin.
 */
export async function requireSignedIn(): Promise<SignedInUser> {
  const identity = await currentIdentity();
  if (!identity) throw new AppError("UNAUTHENTICATED", "none");
  const check = await touchSession(identity.sessionId, await currentRequestMeta());
  if (!check.valid || check.userId !== identity.userId) throw new AppError("UNAUTHENTICATED", check.valid ? "ended" : check.reason);
  return { ...identity, idleMinutes: check.idleMinutes };
}

/**
 * Resolves {user, org, role} once per request from the session and the URL's org slug. A signed-in
 * user refused here (not a member, or no such org: the same 404) is recorded as access.denied;
 * `where` is the route pattern or "server action" (see denials.ts).
 */
export async function requireTenant(orgSlug: string, where = "unknown"): Promise<TenantContext> {
  const { userId } = await requireSignedIn();
  const request = await currentRequestMeta();
  try {
    return await loadTenantContext(userId, orgSlug, request);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") await noteDenied({ userId, orgSlug, where, request });
    throw error;
  }
}

/**
 * requireTenant, then `run` in that tenant: the one wrapper route handlers and server actions go
 * through, so a FORBIDDEN from any use case is recorded with the permission it lacked.
 */
export async function withTenant<T>(orgSlug: string, where: string, run: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const ctx = await requireTenant(orgSlug, where);
  try {
    return await run(ctx);
  } catch (error) {
    await noteForbidden(ctx, error, where);
    throw error;
  }
}

export async function requireAgencyAdmin(): Promise<AgencyContext> {
  const { userId } = await requireSignedIn();
  return loadAgencyAdminContext(userId, await currentRequestMeta());
}
