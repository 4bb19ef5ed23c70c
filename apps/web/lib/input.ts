import { AppError } from "@vetted/domain";

// One rule for every piece of text that enters the app (JSON bodies, query strings, form fields,
// multipart fields and file names): C0 control characters other than tab, line feed and carriage
// return are REFUSED with a 400 naming the field, never silently removed. PostgreSQL cannot store
// NUL in text at all (a 500 before this check), and the others are never typed by a person: a value
// that holds one is a bug or an attack, and altering what someone wrote behind their back would be
// worse than telling them. readJson/queryObject (http.ts), formObject (actions.ts), the multipart
// reader and the FormData helpers of individual actions all go through refuseControlChars.

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export const hasControlChar = (value: string) => CONTROL.test(value);

/** The dotted paths ("steps.0.mode") of every string or key in `value` holding a control character. */
export function controlCharFields(value: unknown, path = ""): string[] {
  if (typeof value === "string") return hasControlChar(value) ? [path || "_"] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharFields(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === "object" && !(value instanceof Blob) && !ArrayBuffer.isView(value)) {
    return Object.entries(value).flatMap(([k, v]) => {
      const at = path ? `${path}.${k}` : k;
      // A key is named by where it sits; its own bytes never go into a message.
      return hasControlChar(k) ? [path || "_", ...controlCharFields(v, at)] : controlCharFields(v, at);
    });
  }
  return [];
}

/** Throws a VALIDATION error naming each field that holds a control character; returns the value otherwise. */
export function refuseControlChars<T>(value: T, path = ""): T {
  const fields = [...new Set(controlCharFields(value, path))];
  if (fields.length === 0) return value;
  const label = (f: string) => (f === "_" ? "The request" : f);
  throw new AppError(
    "VALIDATION",
    `${label(fields[0]!)} contains a control character`,
    Object.fromEntries(fields.map((f) => [f, [`${label(f)} contains a control character`]])),
  );
}

/** The same check over a FormData: every text field, and the name of every attached file. */
export function refuseControlCharsInForm(form: FormData): FormData {
  const entries: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    // Next's own "$ACTION_…" bookkeeping fields are not user input.
    if (key.startsWith("$ACTION")) continue;
    const text = typeof value === "string" ? value : value instanceof File ? value.name : "";
    const prev = entries[key];
    entries[key] = prev === undefined ? text : [...(Array.isArray(prev) ? prev : [prev]), text];
  }
  refuseControlChars(entries);
  return form;
}
