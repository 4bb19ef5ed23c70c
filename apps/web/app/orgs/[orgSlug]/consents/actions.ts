"use server";

import { revokeConsent, searchConsents, verifyConsent } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapters. Consent ids go in URLs; patient names never do: the name search is a POST (this
// action), so the name stays out of the address bar, history, Referer and access logs.

const refresh = (orgSlug: string) => revalidatePath(`/orgs/${orgSlug}/consents`, "layout");

/** Exact-name search (with the page's status/expiry filters); the results are returned, not put in a URL. */
export async function searchConsentsAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  // The page's filters come along as hidden fields; an empty one means "any".
  return orgAction(orgSlug, async (ctx) => {
    const { name, status, expiringSoon } = formObject(formData);
    return (await searchConsents(ctx, { name, ...(status ? { status } : {}), expiringSoon: expiringSoon === "1" })).consents;
  });
}

export async function verifyConsentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => verifyConsent(ctx, formObject(formData)).then(() => undefined), "Verified: this consent now counts at approval");
  if (result?.ok) refresh(orgSlug);
  return result;
}

/** Records the written revocation; the message says what it stopped (posts sent back, removal tasks). */
export async function revokeConsentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, async (ctx) => {
    const { sentBack, removalTasks } = await revokeConsent(ctx, formObject(formData));
    return { sentBack, removalTasks };
  }, undefined, { reauth: true });
  if (!result?.ok) return result;
  refresh(orgSlug);
  const { sentBack, removalTasks } = result.data as { sentBack: number; removalTasks: number };
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return { ...result, message: `Revoked. ${plural(sentBack, "post was", "posts were")} sent back for changes; ${plural(removalTasks, "removal task was", "removal tasks were")} created for published posts.` };
}
