"use server";

import { openIncident, resolveGroupReport, rotateGroupIntakeAddress, sendCoachingNote } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapters for the officer's view of a reported group post: form fields → domain use case →
// re-render. Ids travel in the form; the coaching note is PHI-adjacent and only ever in a POST body.

const done = (orgSlug: string, result: ActionState): ActionState => {
  if (result?.ok) {
    revalidatePath(`/orgs/${orgSlug}/groups`, "layout");
    revalidatePath(`/orgs/${orgSlug}/incidents`, "layout");
  }
  return result;
};

export async function resolveGroupReportAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return done(orgSlug, await orgAction(orgSlug, (ctx) => resolveGroupReport(ctx, formObject(formData)), "Resolved"));
}

export async function sendCoachingNoteAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return done(orgSlug, await orgAction(orgSlug, (ctx) => sendCoachingNote(ctx, formObject(formData)), "Coaching note sent: the employee was notified"));
}

export async function openIncidentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => openIncident(ctx, formObject(formData)));
  if (!result?.ok) return result;
  const { created } = result.data as { created: boolean };
  return done(orgSlug, { ...result, message: created ? "Incident opened: the 60-day notification clock is running" : "An incident is already open for it" });
}

export async function rotateIntakeAddressAction(orgSlug: string): Promise<ActionState> {
  return done(orgSlug, await orgAction(orgSlug, (ctx) => rotateGroupIntakeAddress(ctx), "New address made: the old one no longer files reports"));
}
