"use server";

import { updateApprovalPolicy, updateOrgSettings } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";
import { policyInput } from "./policy-input";

export async function updateSettingsAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => updateOrgSettings(ctx, formObject(formData)).then(() => undefined), "Settings saved");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}`, "layout");
  return result;
}

export async function updateApprovalPolicyAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => updateApprovalPolicy(ctx, policyInput(formData)).then(() => undefined), "Approval policy saved");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/settings`);
  return result;
}
