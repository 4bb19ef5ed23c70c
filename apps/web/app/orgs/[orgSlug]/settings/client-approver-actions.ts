"use server";

import { createClientApprover, setClientApproverActive } from "@vetted/domain/client-approvals";
import { orgFormAction, type ActionState } from "@/lib/actions";

// Thin adapters for the client approvers (issue 16): form fields to the domain use case, which checks
// who may and validates; the address never goes into a URL or a message.

export async function createClientApproverAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, (ctx, input) => createClientApprover(ctx, input).then(() => undefined), {
    message: "Client approver added", revalidate: `/orgs/${orgSlug}/settings`,
  });
}

export async function setClientApproverActiveAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, (ctx, input) => setClientApproverActive(ctx, input).then((r) => r.active), {
    message: "Saved", revalidate: `/orgs/${orgSlug}/settings`,
  });
}
