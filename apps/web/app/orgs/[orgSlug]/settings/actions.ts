"use server";

import { updateOrgSettings } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

export async function updateSettingsAction(orgSlug: string, _prev: ActionState, formData: FormData) {
  const result = await orgAction(orgSlug, (ctx) => updateOrgSettings(ctx, formObject(formData)).then(() => undefined), "Settings saved");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}`, "layout");
  return result;
}
