"use server";

import { sendToClientApprover } from "@vetted/domain/client-approvals";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

/** "Send to client approver" on the post page (issue 16): a new single-use link mailed to one of the step's approvers. */
export async function sendToClientApproverAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => sendToClientApprover(ctx, formObject(formData)).then(() => undefined), "Link sent: it works once, for 72 hours");
  if (result?.ok) revalidatePath(`/orgs/${orgSlug}/posts`, "layout");
  return result;
}
