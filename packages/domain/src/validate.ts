import type { z } from "zod";
import { AppError } from "./errors";

/** Parses untrusted input with a schema; failure becomes a VALIDATION AppError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.fromZod(result.error);
  return result.data;
}
