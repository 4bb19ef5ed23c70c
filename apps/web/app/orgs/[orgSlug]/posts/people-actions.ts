"use server";

import { completeRemovalTask, findConsentsForPost, linkMediaPerson, unlinkMediaPerson } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Who is shown in a post's images, and removal tasks: thin adapters over the consent use cases.
// Names typed to find a consent travel in the POST body only, never in a URL.

const refresh = (orgSlug: string) => revalidatePath(`/orgs/${orgSlug}/posts`, "layout");
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export async function findConsentsAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  return orgAction(orgSlug, (ctx) => findConsentsForPost(ctx, formObject(formData)));
}

export async function linkPersonAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const input = () => {
    const form = formObject(formData);
    return { ...form, attest: form.attest === "on" || form.attest === "true" ? true : undefined, label: form.label || undefined };
  };
  const result = await orgAction(orgSlug, (ctx) => linkMediaPerson(ctx, input()).then(() => undefined), formData.get("kind") === "STAFF" ? "Staff member attested" : "Consent linked");
  if (result?.ok) refresh(orgSlug);
  return result;
}

export async function unlinkPersonAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => unlinkMediaPerson(ctx, formObject(formData)), "Removed");
  if (result?.ok) refresh(orgSlug);
  return result;
}

export async function completeRemovalTaskAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => {
    const form = formObject(formData);
    return completeRemovalTask(ctx, { taskId: form.taskId, done: list(form.done) }).then(() => undefined);
  }, "Checklist updated");
  if (result?.ok) refresh(orgSlug);
  return result;
}
