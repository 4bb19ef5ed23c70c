import { AppError, loadAgencyAdminContext, loadTenantContext, touchSession, type AgencyContext, type TenantContext } from "@vetted/domain";
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

/** Resolves {user, org, role} once per request from the session and the URL's org slug. */
export async function requireTenant(orgSlug: string): Promise<TenantContext> {
  const { userId } = await requireSignedIn();
  return loadTenantContext(userId, orgSlug, await currentRequestMeta());
}

export async function requireAgencyAdmin(): Promise<AgencyContext> {
  const { userId } = await requireSignedIn();
  return loadAgencyAdminContext(userId, await currentRequestMeta());
}
