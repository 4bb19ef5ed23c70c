"use server";

import { closeIncident, saveIncidentAssessment, type TenantContext } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";
import { zonedLocalToIso } from "@/lib/dates";

// Thin adapters for an incident's page: the checklist and the closing. The times are typed in the
// org's zone (datetime-local) and turned into instants here; the notes only ever travel in a POST body.

/** A datetime-local field as an instant in the org's zone; empty stays empty, anything else goes to the schema as is. */
function withInstants(ctx: TenantContext, input: Record<string, unknown>, keys: string[]) {
  const out = { ...input };
  for (const k of keys) {
    const v = out[k];
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) out[k] = zonedLocalToIso(v, ctx.org.timeZone);
  }
  return out;
}

const refreshed = (orgSlug: string, result: ActionState): ActionState => {
  if (result?.ok) {
    revalidatePath(`/orgs/${orgSlug}/incidents`, "layout");
    revalidatePath(`/orgs/${orgSlug}/groups`, "layout");
  }
  return result;
};

/** "Save assessment" or "Complete assessment", named by the submit button (intent). */
export async function saveIncidentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => saveIncidentAssessment(ctx, withInstants(ctx, formObject(formData), ["discoveredAt"])));
  if (!result?.ok) return result;
  const { status, changed } = result.data as { status: string; changed: boolean };
  return refreshed(orgSlug, { ...result, message: !changed ? "Nothing changed" : status === "ASSESSED" ? "Assessment complete: close the incident once notification is settled" : "Assessment saved" });
}

export async function closeIncidentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => closeIncident(ctx, withInstants(ctx, formObject(formData), ["notifiedAt"])));
  if (!result?.ok) return result;
  const { late } = result.data as { late: boolean };
  return refreshed(orgSlug, { ...result, message: late ? "Incident closed. The notification was after the 60-day deadline: this is recorded." : "Incident closed" });
}
