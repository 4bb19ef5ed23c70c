"use server";

import { connectSelectedPages, disconnectAccount, startAccountConnect } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, orgAction, orgFormAction, type ActionState } from "@/lib/actions";

// Connected social accounts (issue 12). Connecting leaves the app for the platform's consent page
// (Meta, LinkedIn or X); the browser comes back through api/oauth/{meta,linkedin,x}/callback.

export async function startAccountConnectAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => startAccountConnect(ctx, formObject(formData)));
  if (!result?.ok || !result.data) return result;
  redirect(result.data.authorizeUrl);
}

export async function connectPagesAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => connectSelectedPages(ctx, formObject(formData)));
  if (!result?.ok || !result.data) return result;
  revalidatePath(`/orgs/${orgSlug}/settings/accounts`);
  redirect(`/orgs/${orgSlug}/settings/accounts?connected=${result.data.accounts.length}`);
}

export async function disconnectAccountAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, disconnectAccount, { message: "Disconnected: Vetted no longer holds a token for it", revalidate: `/orgs/${orgSlug}/settings/accounts` });
}
