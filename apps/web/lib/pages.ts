import { requireAgencyAdmin, requireSignedIn, requireTenantOf, routePattern } from "@vetted/auth";
import { isAppError, type AgencyContext, type TenantContext } from "@vetted/domain";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { SignedInUser } from "@vetted/auth";
import { fromDatabaseError } from "./errors";

function interrupt(error: unknown, back: string): never {
  if (isAppError(error) && error.code === "UNAUTHENTICATED") {
    const reason = error.message === "none" ? "" : `reason=${encodeURIComponent(error.message)}&`;
    redirect(`/signin?${reason}next=${encodeURIComponent(back)}`);
  }
  if (isAppError(error) && error.code === "MFA_ENROLMENT_REQUIRED") redirect("/account/security");
  if (isAppError(error) && error.code === "NOT_FOUND") notFound();
  throw error;
}

// The session check (its row, then the MFA rule: three statements) once per request: an org page's
// layout asks for the user and the page for the tenant, which starts with the same check.
const signedInSlot = cache((_forEnrolment: boolean): { promise?: Promise<SignedInUser> } => ({}));
const signedInOnce = (forEnrolment: boolean) => {
  const slot = signedInSlot(forEnrolment);
  return (slot.promise ??= requireSignedIn({ forEnrolment }));
};

/** For pages: the signed-in user, or a redirect to sign-in that says why (idle, ended). */
export async function pageUser(back = "/orgs", opts: { forEnrolment?: boolean } = {}): Promise<SignedInUser> {
  try {
    return await signedInOnce(opts.forEnrolment ?? false);
  } catch (error) {
    interrupt(error, back);
  }
}

/** For org pages: the tenant context, a sign-in redirect, or the same 404 for "no such org" and "not yours". */
// Layout and page of one request share the lookup (React's per-request cache).
// The first caller's path names the page in an access.denied event (the layout's and the page's
// own path differ; one lookup either way).
const tenantSlot = cache((_orgSlug: string): { promise?: Promise<TenantContext> } => ({}));
const tenantOnce = (orgSlug: string, where: string) => {
  const slot = tenantSlot(orgSlug);
  return (slot.promise ??= signedInOnce(false).then((user) => requireTenantOf(user, orgSlug, where)));
};

export async function pageTenant(orgSlug: string, back = `/orgs/${orgSlug}`): Promise<TenantContext> {
  try {
    // `back` is the page's own path: its pattern is what a refusal is recorded under.
    return await tenantOnce(orgSlug, routePattern(back, { orgSlug }));
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

/**
 * For a page that loads a record named in its URL (a post, a consent, an invitation): an unknown id,
 * another org's id (the scoped lookup finds nothing) and a malformed one all answer Next's 404,
 * the same page, instead of an error thrown while rendering (a 500). Every [id] page goes through
 * this; test/page-matrix.int.test.ts renders each one with a random and a foreign id.
 */
export async function pageRecord<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (thrown) {
    const error = fromDatabaseError(thrown) ?? thrown;
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw thrown;
  }
}
