"use server";

import { cancelConsentRequest, createConsentRequest } from "@vetted/domain";
import { orgFormAction, type ActionState } from "@/lib/actions";

type Created = Awaited<ReturnType<typeof createConsentRequest>>;

/** Returns the signing link once (only its hash is stored): the page shows it with a Copy button. */
export async function createConsentRequestAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState<Created>> {
  return orgFormAction(orgSlug, formData, createConsentRequest, { message: "Signing request created.", revalidate: `/orgs/${orgSlug}/consents/requests` });
}

export async function cancelConsentRequestAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return orgFormAction(orgSlug, formData, cancelConsentRequest, { message: "Request cancelled: the link no longer works.", revalidate: `/orgs/${orgSlug}/consents/requests` });
}
