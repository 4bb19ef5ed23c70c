"use server";

import { updateApprovalPolicy, updateOrgSettings } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";
import { policyInput } from "./policy-input";

const FIELD_LABELS: Record<string, string> = {
  name: "name", idleTimeoutMinutes: "automatic logoff", timeZone: "time zone",
  privacyOfficer: "privacy contact", privacyAddress: "revocation address", privacyEmail: "revocation email",
  autoHideBlocking: "automatic hiding", autoDeleteBlocking: "automatic deletion where hiding is impossible", commentRetentionDays: "snapshot retention", firstResponseSlaMinutes: "first-response time",
};

export async function updateSettingsAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => updateOrgSettings(ctx, formObject(formData)));
  if (!result?.ok) return result;
  const changed = result.data?.changed ?? [];
  if (changed.length === 0) return { ok: true, message: "No changes to save" };
  revalidatePath(`/orgs/${orgSlug}`, "layout");
  return { ok: true, message: `Saved at ${new Date().toISOString().slice(11, 16)} UTC: ${changed.map((f) => FIELD_LABELS[f] ?? f).join(", ")}` };
}

export async function updateApprovalPolicyAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => updateApprovalPolicy(ctx, policyInput(formData)));
  if (!result?.ok) return result;
  if (!result.data?.changed) return { ok: true, message: "No changes to save" };
  revalidatePath(`/orgs/${orgSlug}/settings`);
  const steps = result.data.policy.steps.length;
  return { ok: true, message: `Approval policy saved: ${steps} step${steps === 1 ? "" : "s"}` };
}
