"use server";

import { sendAcknowledgementLink, setWorkforcePersonActive } from "@vetted/domain";
import { orgFormAction, type ActionState } from "@/lib/actions";

// Thin adapters for the roster page: mail a person a new acknowledgement link, take someone off or back on.

export async function sendAckLinkAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, sendAcknowledgementLink, { message: "Link sent: it works once, for 14 days", revalidate: `/orgs/${orgSlug}/policy/roster` });
}

export async function setPersonActiveAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, setWorkforcePersonActive, { message: "Roster updated", revalidate: `/orgs/${orgSlug}/policy/roster` });
}
