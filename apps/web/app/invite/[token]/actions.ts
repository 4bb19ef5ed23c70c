"use server";

import { currentRequestMeta } from "@vetted/auth";
import { acceptInvitation } from "@vetted/domain";
import { formObject, type ActionState } from "@/lib/actions";
import { actionErrorBody } from "@/lib/errors";

/** Public: the token in the link is the credential. On success the person signs in as usual. */
export async function acceptInvitationAction(token: string, _prev: ActionState, formData: FormData): Promise<ActionState<{ email: string }>> {
  try {
    const { email } = await acceptInvitation({ ...formObject(formData), token }, await currentRequestMeta());
    return { ok: true, data: { email }, message: "Invitation accepted. You can sign in now." };
  } catch (error) {
    return { ok: false, error: await actionErrorBody(error) };
  }
}
