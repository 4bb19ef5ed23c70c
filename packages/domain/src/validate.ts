import { z } from "zod";
import { AppError } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from outside (a cookie's session id, an audit row's metadata) is a uuid, before SQL casts it. */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** Parses untrusted input with a schema; failure becomes a VALIDATION AppError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.fromZod(result.error);
  return result.data;
}

/**
 * A yes/no field: a form checkbox sends "on" or nothing, JSON clients a boolean, some the strings.
 * Each is read for what it says ("false" is false, unlike z.coerce.boolean()); anything else is an error.
 */
export const formFlag = z
  .union([z.boolean(), z.enum(["true", "false", "on", ""])], { message: "Use true or false" })
  .transform((v) => v === true || v === "true" || v === "on");
