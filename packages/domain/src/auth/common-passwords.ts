import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { passwordSchemaRules } from "./password";

// The ~50,000 most common passwords from breach corpora, as maintained by zxcvbn-ts: shipped in the
// package, so the check works offline. Compared in lower case: "Password123" is as weak as "password123".
let common: Set<string> | undefined;
const list = (): Set<string> => (common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())));

export const COMMON_PASSWORD_MESSAGE = "This password is on a list of commonly used passwords; choose another";

export const isCommonPassword = (password: string): boolean => list().has(password.toLowerCase());

/** Every password a person chooses (reset, invitation acceptance, any change): long enough and not a common one. */
export const newPasswordSchema = z
  .string()
  .min(passwordSchemaRules.min, `Use at least ${passwordSchemaRules.min} characters`)
  .max(passwordSchemaRules.max, "Password is too long")
  .refine((p) => !isCommonPassword(p), COMMON_PASSWORD_MESSAGE);
