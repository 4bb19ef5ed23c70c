"use server";

import {
  approvePolicyVersion, discardPolicyDraft, retireQuizQuestion, returnPolicyVersion, saveQuizQuestion, startPolicyDraft, submitPolicyVersion, updatePolicyDraft,
  updatePolicyManualSettings,
} from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";
import { zonedLocalToIso } from "@/lib/dates";
import { nestFields } from "@/lib/nested-fields";

// Thin adapters for the policy manual's pages: form fields to the domain use cases, then the manual's
// pages are re-rendered. Section fields are named "sections.<key>.title|body".

async function run(orgSlug: string, call: Parameters<typeof orgAction>[1], message: string): Promise<ActionState> {
  const result = await orgAction(orgSlug, call, message);
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/policy`, "layout");
  return result;
}

export async function updateDraftAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => updatePolicyDraft(ctx, nestFields(formObject(formData), "sections")), "Draft saved");
}

export async function submitVersionAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => submitPolicyVersion(ctx, formObject(formData)), "Submitted for review");
}

/** The effective time is typed in the org's zone (datetime-local); empty means now. */
export async function approveVersionAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => {
    const input = formObject(formData);
    const local = typeof input.effectiveAt === "string" ? input.effectiveAt : "";
    return approvePolicyVersion(ctx, { ...input, effectiveAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? zonedLocalToIso(local, ctx.org.timeZone) : local });
  }, "Version approved");
}

export async function returnVersionAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => returnPolicyVersion(ctx, formObject(formData)), "Returned to draft");
}

export async function discardDraftAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => discardPolicyDraft(ctx, formObject(formData)), "Draft discarded");
}

export async function startDraftAction(orgSlug: string, _prev: ActionState, _formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => startPolicyDraft(ctx), "Draft started");
}

export async function updateManualSettingsAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => updatePolicyManualSettings(ctx, formObject(formData)), "Manual settings saved");
}

export async function saveQuizQuestionAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => saveQuizQuestion(ctx, formObject(formData)), "Question saved");
}

export async function retireQuizQuestionAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(orgSlug, (ctx) => retireQuizQuestion(ctx, formObject(formData)), "Question retired");
}
