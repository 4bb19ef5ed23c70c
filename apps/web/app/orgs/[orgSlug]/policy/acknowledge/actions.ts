"use server";

import { signMyAcknowledgement, submitMyQuizAttempt } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapters for the member's acknowledgement task: the quiz and the signature (with the password).

export async function submitMyQuizAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => submitMyQuizAttempt(ctx, formObject(formData)));
  if (!result?.ok) return result;
  const r = result.data as { scorePercent: number; passed: boolean; passPercent: number; wrongCount: number };
  if (r.passed) revalidatePath(`/orgs/${orgSlug}/policy/acknowledge`);
  return { ...result, message: r.passed ? `Quiz passed (${r.scorePercent}%): now sign below` : `${r.scorePercent}% correct (${r.wrongCount} wrong); ${r.passPercent}% passes. Read the policy again and retry.` };
}

export async function signMyAckAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => signMyAcknowledgement(ctx, formObject(formData)), "Signed: thank you");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/policy/acknowledge`);
  return result;
}
