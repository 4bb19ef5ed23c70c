"use server";

import { currentRequestMeta } from "@vetted/auth";
import { resetPassword } from "@vetted/domain";
import { formObject, type ActionState } from "@/lib/actions";
import { actionErrorBody } from "@/lib/errors";

/** Public: the token in the link is the credential. On success every session has ended; the person signs in again. */
export async function resetPasswordAction(token: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  try {
    await resetPassword({ ...formObject(formData), token }, await currentRequestMeta());
    return { ok: true, message: "Your password was changed and you were signed out everywhere. Sign in with the new password." };
  } catch (error) {
    return { ok: false, error: await actionErrorBody(error) };
  }
}
