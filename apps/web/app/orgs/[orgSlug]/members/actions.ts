"use server";

import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@vetted/domain";
import { orgFormAction, type ActionState } from "@/lib/actions";

const page = (orgSlug: string) => `/orgs/${orgSlug}/members`;

export async function inviteMemberAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  return orgFormAction(orgSlug, formData, inviteMember, { message: "Invitation sent", revalidate: page(orgSlug) });
}

export async function changeMemberRoleAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  return orgFormAction(orgSlug, formData, changeMemberRole, { message: "Role updated", revalidate: page(orgSlug), reauth: true });
}

export async function removeMemberAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  return orgFormAction(orgSlug, formData, removeMember, { message: "Member removed", revalidate: page(orgSlug) });
}

export async function revokeInvitationAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  return orgFormAction(orgSlug, formData, revokeInvitation, { message: "Invitation revoked", revalidate: page(orgSlug) });
}
