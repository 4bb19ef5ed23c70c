"use server";

import { signIn } from "@vetted/auth";
import { credentialsSchema } from "@vetted/domain";
import { AuthError, CredentialsSignin } from "next-auth";
import type { ActionState } from "@/lib/actions";
import { formObject } from "@/lib/actions";
import { actionErrorBody, AppError } from "@/lib/errors";
import { safeNextPath } from "@/lib/safe-next";

const MESSAGES: Record<string, string> = {
  invalid: "Email or password is incorrect.",
  validation: "Enter your email and password.",
  mfa_required: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  mfa_invalid: "That code is not valid or was already used. Try the next code.",
};
// The form shows the code field for these (error.code MFA_REQUIRED).
const SECOND_STEP = new Set(["mfa_required", "mfa_invalid"]);

// A form cannot answer 429: the wait is in the message instead (the same for every email, so it
// tells nobody whether an account exists).
const tooMany = (seconds: number) => `Too many attempts, try again in ${seconds} second${seconds === 1 ? "" : "s"}`;

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let input: Record<string, unknown>;
  try {
    input = formObject(formData);
  } catch (error) {
    return { ok: false, error: await actionErrorBody(error) };
  }
  const values = { email: typeof input.email === "string" ? input.email.slice(0, 254) : "" };
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: AppError.fromZod(parsed.error, "Check the highlighted fields").toJSON().error, values };
  try {
    const { code, ...credentials } = parsed.data;
    // Only a code that was typed: Auth.js would send an absent one as the text "undefined".
    await signIn("credentials", { ...credentials, ...(code ? { code } : {}), redirectTo: safeNextPath(input.next) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : "invalid";
      const wait = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (code === "rate_limited" && typeof wait === "number") return { ok: false, error: { code: "RATE_LIMITED", message: tooMany(wait) }, values };
      if (SECOND_STEP.has(code)) return { ok: false, error: { code: "MFA_REQUIRED", message: MESSAGES[code]! }, values: { ...values, step: "code" } };
      return { ok: false, error: { code: "UNAUTHENTICATED", message: MESSAGES[code] ?? MESSAGES.invalid! }, values };
    }
    throw error; // includes Next's redirect after a successful sign-in
  }
}
