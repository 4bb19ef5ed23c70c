"use server";

import { recordScannerFeedback, withdrawScannerFeedback } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapters for the scanner-feedback panel on the post page (issue 11, item 7). The form sends
// offsets and a type, never the selected text.

const refresh = (orgSlug: string) => revalidatePath(`/orgs/${orgSlug}/posts`, "layout");

/** "Not PHI" on a finding, or "Missed PHI" on a selected span. */
export async function recordScannerFeedbackAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => recordScannerFeedback(ctx, formObject(formData)).then(() => undefined), "Feedback saved");
  if (result?.ok) refresh(orgSlug);
  return result;
}

/** Undo a label: it is marked withdrawn (and audited), not deleted. */
export async function withdrawScannerFeedbackAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => withdrawScannerFeedback(ctx, formObject(formData)).then(() => undefined), "Feedback withdrawn");
  if (result?.ok) refresh(orgSlug);
  return result;
}
