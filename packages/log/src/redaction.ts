/**
 * Field names whose values are censored in every log line, at any depth.
 *
 * Why: logs leave the app's encryption and access control (shipped to a log service, read by
 * operators, kept for months), so PHI must never reach them. Call sites log ids, counts and codes;
 * this list is the net under that rule for the day someone logs a row, a payload or an error's
 * context object. It is built from the names the code really uses for PHI: the plaintext behind
 * every encrypted column of prisma/schema.prisma (textCipher → text, authorNameCipher → authorName,
 * dobCipher → dob, …), the PHI columns stored in clear (post title and text, finding text, approval
 * comments, roster name and email, signer IP), the platforms' comment payloads (Meta `message` and
 * `from`, TikTok `text`, X `username`), mail envelopes (`to`, `subject`, `html`) and form fields.
 * Secrets ride along: they are not PHI, but a token in a log is as bad.
 *
 * A new PHI field in the schema or a payload type: add its name here (redaction.test.ts checks
 * that every `…Cipher` column's plaintext name is listed).
 */
export const REDACTED_FIELDS = [
  // What people wrote, said or were sent: posts, comments, group reports, mails, notes, OCR output.
  "text", "body", "html", "message", "caption", "content", "title", "subject", "comment", "description",
  "informationDescription", "explanation", "justification", "overrideJustification", "overrideReason",
  "dismissReason", "changeSummary", "channelTexts", "notes", "label", "term", "ocrText",
  // An error's own text quotes what it failed on (a database error the offending value, say).
  "stack",
  // People and the Safe Harbor identifiers (names, contacts, dates, record numbers, IP addresses).
  "name", "firstName", "lastName", "fullName", "displayName", "username", "patientName", "subjectName",
  "signerName", "typedName", "signedName", "authorName", "employeeName", "groupName", "representativeAuthority",
  "signature", "email", "reporterEmail", "to", "from", "phone", "address", "dob", "dateOfBirth", "mrn", "ssn",
  "ip", "signerIp",
  // Credentials.
  "password", "token", "accessToken", "refreshToken", "userToken", "secret", "codeVerifier", "authorization", "cookie",
] as const;

/** What a censored value reads as. */
export const REDACTED = "[redacted]";

/**
 * The paths handed to pino's `redact`: each name at the top level of a line (the entry's own fields
 * and a child logger's bindings), and `msg`: events are named in the `event` field, while a message
 * string is free text that can interpolate anything, and pino copies an Error's message into `msg`
 * when an Error is logged without one (as the first argument, or under `err`): such lines read
 * `"msg":"[redacted]"`.
 *
 * Only exact top-level paths: pino's `*` matches exactly one key (`*.text` is one level down,
 * `*.*.text` two), and each wildcard path is walked for every line. Measured here with this list,
 * wildcards to depth 2 cost over 1 ms per line and 0.15 ms per child logger, against about 0.02 ms
 * for the walk of scrubNested below, which also reaches any depth.
 */
export function redactPaths(fields: readonly string[] = REDACTED_FIELDS): string[] {
  return ["msg", ...fields];
}

/**
 * What may be logged about an error: its class and, when it has one, its string code. Never its
 * message or stack, which quote the data the operation failed on (a database error quotes the
 * offending value, a platform error the comment).
 */
export function errorSummary(error: unknown): { type: string; code?: string } {
  if (!(error instanceof Error)) return { type: error === null ? "null" : typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === "string" ? { code } : {}) };
}

const CENSORED: ReadonlySet<string> = new Set(REDACTED_FIELDS);
/** Deeper than this, a value is censored whole (and a reference cycle ends). */
const MAX_DEPTH = 8;

/**
 * pino's `formatters.log`: below the top level (which `redact` covers), every listed name is censored
 * at any depth, inside arrays too, and a nested Error becomes its errorSummary. The top-level `err` and
 * `error` are left to the serializers; values with a toJSON (dates, URLs) are left as they are.
 */
export function scrubNested(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) out[key] = key === "err" || key === "error" ? entry[key] : scrub(entry[key], 1);
  return out;
}

function scrub(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return errorSummary(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item: unknown) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = CENSORED.has(key) ? REDACTED : scrub(item, depth + 1);
  return out;
}
