/**
 * Field names whose values are censored in every log line, wherever pino's redaction reaches them.
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

/**
 * How deep below the top level the names are matched. pino's `*` stands for exactly one key (an
 * array element counts as one), so each name is listed at depth 0, 1 and 2: `text`, `*.text`,
 * `*.*.text`. Deeper objects are not covered, which is one more reason to log ids, not objects.
 * Every wildcard path costs time on every line (about 0.1 ms per line at this size), hence 2.
 */
export const REDACT_DEPTH = 2;

/** What a censored value reads as. */
export const REDACTED = "[redacted]";

/**
 * The paths handed to pino's `redact`. `msg` is censored too: events are named in the `event` field,
 * while a message string is free text that can interpolate anything, and pino copies an Error's
 * message into `msg` when the Error is logged as the first argument.
 */
export function redactPaths(fields: readonly string[] = REDACTED_FIELDS, depth = REDACT_DEPTH): string[] {
  const paths = ["msg"];
  for (let level = 0; level <= depth; level++) {
    const prefix = "*.".repeat(level);
    for (const field of fields) paths.push(`${prefix}${field}`);
  }
  return paths;
}
