import { requireAgencyAdmin, requireSignedIn, requireTenant } from "@vetted/auth";
import { isAppError, type AgencyContext, type TenantContext } from "@vetted/domain";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { SignedInUser } from "@vetted/auth";

function interrupt(error: unknown, back: string): never {
  if (isAppError(error) && error.code === "UNAUTHENTICATED") {
    const reason = error.message === "none" ? "" : `reason=${encodeURIComponent(error.message)}&`;
    redirect(`/signin?${reason}next=${encodeURIComponent(back)}`);
  }
  if (isAppError(error) && error.code === "NOT_FOUND") notFound();
  throw error;
}

/** For pages: the signed-in user, or a redirect to sign-in that says why (idle, ended). */
export async function pageUser(back = "/orgs"): Promise<SignedInUser> {
  try {
    return await requireSignedIn();
  } catch (error) {
    interrupt(error, back);
  }
}

/** For org pages: the tenant context, a sign-in redirect, or the same 404 for "no such org" and "not yours". */
// Layout and page of one request share the lookup (React's per-request cache).
const tenantOnce = cache((orgSlug: string) => requireTenant(orgSlug));

export async function pageTenant(orgSlug: string, back = `/orgs/${orgSlug}`): Promise<TenantContext> {
  try {
    return await tenantOnce(orgSlug);
  } catch (error) {
    interrupt(error, back);
  }
}

export async function pageAgencyAdmin(): Promise<AgencyContext> {
  try {
    return await requireAgencyAdmin();
  } catch (error) {
    interrupt(error, "/agency");
  }
}
