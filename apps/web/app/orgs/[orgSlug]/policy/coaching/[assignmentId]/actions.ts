"use server";

import { answerMyCoaching } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapter for the member's coaching task: one answer (or, with no question, "I read it").

export async function answerCoachingAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => answerMyCoaching(ctx, formObject(formData)));
  if (!result?.ok) return result;
  const r = result.data as { correct: boolean; explanation: string | null };
  if (r.correct) revalidatePath(`/orgs/${orgSlug}/policy/acknowledge`);
  return { ...result, message: r.correct ? "Right: this coaching task is complete. Thank you." : (r.explanation ?? "Not quite: read the section again and retry.") };
}
