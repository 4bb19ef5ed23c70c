import { requireAgencyAdmin, withTenant, type TenantOptions } from "@vetted/auth";
import type { AgencyContext, TenantContext } from "@vetted/domain";
import { isAppError } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionErrorBody, type ErrorBody } from "./errors";
import { refuseControlCharsInForm } from "./input";

export type ActionState<T = unknown> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: ErrorBody; /** Safe values to put back into the form (never passwords). */ values?: Record<string, string> }
  | null;

/**
 * FormData → plain object; repeated keys become arrays, files are left out. Throws VALIDATION for a
 * field holding a control character (lib/input.ts), so call it inside orgAction/agencyAction's run
 * (or another try) where that becomes `ok: false`, not a thrown error.
 */
export function formObject(formData: FormData): Record<string, unknown> {
  refuseControlCharsInForm(formData);
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || typeof value !== "string") continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

async function failure(error: unknown): Promise<ActionState<never>> {
  // A session that ended while the page was open goes back to sign-in, like a page load would.
  if (isAppError(error) && error.code === "UNAUTHENTICATED") redirect(`/signin?reason=${encodeURIComponent(error.message)}`);
  if (isAppError(error) && error.code === "MFA_ENROLMENT_REQUIRED") redirect("/account/security");
  return { ok: false, error: await actionErrorBody(error) };
}

/** The adapter every org-scoped server action goes through (see orgRoute for route handlers). */
export async function orgAction<T>(orgSlug: unknown, run: (ctx: TenantContext) => Promise<T>, message?: string, opts: TenantOptions = {}): Promise<ActionState<T>> {
  try {
    // A server action has no route pattern of its own; a FORBIDDEN names the permission instead.
    const data = await withTenant(typeof orgSlug === "string" ? orgSlug : "", "server action", run, opts);
    return { ok: true, data, message };
  } catch (error) {
    return failure(error);
  }
}

export async function agencyAction<T>(run: (ctx: AgencyContext) => Promise<T>, message?: string): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await run(await requireAgencyAdmin()), message };
  } catch (error) {
    return failure(error);
  }
}

/**
 * The common shape of a form-backed org action: form fields straight to a domain use case, and on
 * success the page that shows the result is re-rendered.
 */
export async function orgFormAction<T>(
  orgSlug: string,
  formData: FormData,
  run: (ctx: TenantContext, input: Record<string, unknown>) => Promise<T>,
  opts: { message: string; revalidate: string; reauth?: boolean },
): Promise<ActionState<T>> {
  const result = await orgAction(orgSlug, (ctx) => run(ctx, formObject(formData)), opts.message, { reauth: opts.reauth });
  if (result?.ok) revalidatePath(opts.revalidate);
  return result;
}
