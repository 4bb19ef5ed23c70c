import { AppError, assertRecentReauth, isAppError, loadAgencyAdminContext, loadTenantContext, touchSession, type AgencyContext, type TenantContext } from "@vetted/domain";
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
 * idle, ended, none) when there is none; pages turn that into a redirect to /signin. A user whose
 * org requires MFA and who has none gets MFA_ENROLMENT_REQUIRED everywhere but the enrolment
 * page itself (`forEnrolment`), which pages turn into a redirect there (issue 15).
 */
export async function requireSignedIn(opts: { forEnrolment?: boolean } = {}): Promise<SignedInUser> {
  const identity = await currentIdentity();
  if (!identity) throw new AppError("UNAUTHENTICATED", "none");
  const check = await touchSession(identity.sessionId, await currentRequestMeta());
  if (!check.valid || check.userId !== identity.userId) throw new AppError("UNAUTHENTICATED", check.valid ? "ended" : check.reason);
  if (!opts.forEnrolment && check.mfaEnrolmentDue) {
    throw new AppError("MFA_ENROLMENT_REQUIRED", "Your organisation requires two-factor sign-in: set it up to continue");
  }
  return { ...identity, idleMinutes: check.idleMinutes };
}

/** REAUTH_REQUIRED unless the current session re-entered its password or a code within the last minutes. */
export async function requireRecentReauth(): Promise<SignedInUser> {
  const user = await requireSignedIn();
  await assertRecentReauth(user.sessionId);
  return user;
}

/** For pages that offer a sensitive download: whether the session re-authenticated recently (else they show the prompt first). */
export async function hasRecentReauth(): Promise<boolean> {
  try {
    const identity = await currentIdentity();
    if (!identity) return false;
    await assertRecentReauth(identity.sessionId);
    return true;
  } catch (error) {
    if (isAppError(error)) return false;
    throw error;
  }
}

export interface TenantOptions {
  /** A sensitive action (issue 15): after the org is resolved (another org's caller still gets 404), a recent re-authentication is required. */
  reauth?: boolean;
}

/**
 * Resolves {user, org, role} once per request from the session and the URL's org slug. A signed-in
 * user refused here (not a member, or no such org: the same 404) is recorded as access.denied;
 * `where` is the route pattern or "server action" (see denials.ts).
 */
export async function requireTenant(orgSlug: string, where = "unknown", opts: TenantOptions = {}): Promise<TenantContext> {
  return requireTenantOf(await requireSignedIn(), orgSlug, where, opts);
}

/**
 * requireTenant for a user already signed in and checked this request (a page's layout and the page
 * share one check: apps/web/lib/pages.ts).
 */
export async function requireTenantOf(user: SignedInUser, orgSlug: string, where = "unknown", opts: TenantOptions = {}): Promise<TenantContext> {
  const { userId, sessionId } = user;
  const request = await currentRequestMeta();
  let ctx: TenantContext;
  try {
    ctx = await loadTenantContext(userId, orgSlug, request);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") await noteDenied({ userId, orgSlug, where, request });
    throw error;
  }
  if (opts.reauth) await assertRecentReauth(sessionId);
  return ctx;
}

/**
 * requireTenant, then `run` in that tenant: the one wrapper route handlers and server actions go
 * through, so a FORBIDDEN from any use case is recorded with the permission it lacked.
 */
export async function withTenant<T>(orgSlug: string, where: string, run: (ctx: TenantContext) => Promise<T>, opts: TenantOptions = {}): Promise<T> {
  const ctx = await requireTenant(orgSlug, where, opts);
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
