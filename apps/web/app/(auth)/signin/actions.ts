"use server";

import { signIn } from "@vetted/auth";
import { credentialsSchema } from "@vetted/domain";
import { AuthError, CredentialsSignin } from "next-auth";
import type { ActionState } from "@/lib/actions";
import { formObject } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { safeNextPath } from "@/lib/safe-next";

const MESSAGES: Record<string, string> = {
  invalid: "Email or password is incorrect.",
  locked: "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask your admin.",
  validation: "Enter your email and password.",
};

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const input = formObject(formData);
  const values = { email: typeof input.email === "string" ? input.email.slice(0, 254) : "" };
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: AppError.fromZod(parsed.error, "Check the highlighted fields").toJSON().error, values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNextPath(input.next) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : "invalid";
      return { ok: false, error: { code: code === "locked" ? "LOCKED" : "UNAUTHENTICATED", message: MESSAGES[code] ?? MESSAGES.invalid! }, values };
    }
    throw error; // includes Next's redirect after a successful sign-in
  }
}
