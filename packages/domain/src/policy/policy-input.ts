import { z } from "zod";

/** A checkbox as a form sends it (a hidden "false", then "on" when ticked: the last wins), or a JSON boolean. */
export const formSwitch = z
  .preprocess(
    (v) => (Array.isArray(v) ? v.at(-1) : v),
    z.union([z.boolean(), z.enum(["true", "false", "on", "off"], { message: "Choose yes or no" })], { message: "Choose yes or no" }),
  )
  .transform((v) => v === true || v === "true" || v === "on");

export const versionIdSchema = z.uuid({ message: "Choose a version" });

/** Text as typed: line breaks normalized, no leading or trailing blank space. */
export const typedText = (label: string, min: number, max: number) =>
  z
    .string({ message: `Enter ${label}` })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? `Enter ${label}` : `Enter at least ${min} characters`)
        .max(max, `Keep ${label} under ${max.toLocaleString("en-US")} characters`),
    );
