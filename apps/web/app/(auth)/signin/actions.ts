"use server";

import { signIn } from "@vetted/auth";
import { credentialsSchema } from "@vetted/domain";
import { AuthError, CredentialsSignin } from "next-auth";
import type { ActionState } from "@/lib/actions";
import { formObject } from "@/lib/actions";
import { AppError, toErrorBody } from "@/lib/errors";
import { safeNextPath } from "@/lib/safe-next";

const MESSAGES: Record<string, string> = {
  invalid: "Email or password is incorrect.",
  validation: "Enter your email and password.",
};

// A form cannot answer 429: the wait is in the message instead (the same for every email, so it
// tells nobody whether an account exists).
const tooMany = (seconds: number) => `Too many attempts, try again in ${seconds} second${seconds === 1 ? "" : "s"}`;

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let input: Record<string, unknown>;
  try {
    input = formObject(formData);
  } catch (error) {
    return { ok: false, error: toErrorBody(error).body };
  }
  const values = { email: typeof input.email === "string" ? input.email.slice(0, 254) : "" };
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: AppError.fromZod(parsed.error, "Check the highlighted fields").toJSON().error, values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNextPath(input.next) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : "invalid";
      const wait = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (code === "rate_limited" && typeof wait === "number") return { ok: false, error: { code: "RATE_LIMITED", message: tooMany(wait) }, values };
      return { ok: false, error: { code: "UNAUTHENTICATED", message: MESSAGES[code] ?? MESSAGES.invalid! }, values };
    }
    throw error; // includes Next's redirect after a successful sign-in
  }
}
