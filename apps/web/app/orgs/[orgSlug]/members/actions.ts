"use server";

import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Each action: tenant from the bound slug, input straight to the domain use case, which validates it.

export async function inviteMemberAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => inviteMember(ctx, formObject(formData)), "Invitation sent");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/members`);
  return result;
}

export async function changeMemberRoleAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => changeMemberRole(ctx, formObject(formData)), "Role updated");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/members`);
  return result;
}

export async function removeMemberAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => removeMember(ctx, formObject(formData)), "Member removed");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/members`);
  return result;
}

export async function revokeInvitationAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => revokeInvitation(ctx, formObject(formData)), "Invitation revoked");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/members`);
  return result;
}
