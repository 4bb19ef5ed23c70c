import type { ZodError } from "zod";
import { waitInWords } from "./limits/limit-table";

export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  /** A sensitive action needs the password or a TOTP code again (issue 15): the UI asks and retries. */
  REAUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  /** The org policy requires MFA and the user has none yet: every page sends them to enrolment. */
  MFA_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** The database refused for a while (a statement past its timeout, a lock not granted, no connection to be had): try again shortly. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldErrors = Record<string, string[]>;

/**
 * The one error type domain code throws. Messages are shown to users and written to logs, so they
 * never contain PHI: name the field or the id, not the value.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }

  static notFound(what = "Not found") {
    return new AppError("NOT_FOUND", what);
  }
  static forbidden(message = "You do not have permission to do that") {
    return new AppError("FORBIDDEN", message);
  }
  static fromZod(error: ZodError, message = "Some fields are invalid") {
    const fields: FieldErrors = {};
    for (const issue of error.issues) {
      const key = issue.path.length ? issue.path.join(".") : "_";
      (fields[key] ??= []).push(issue.message);
    }
    return new AppError("VALIDATION", message, fields);
  }
}

/**
 * Too many attempts: the caller answers 429 with Retry-After (or shows the wait in a form). `limit`
 * names the rule of limits/limit-table.ts that refused, `what` says in words what was counted.
 */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit?: string,
    what?: string,
  ) {
    super(
      "RATE_LIMITED",
      what ? `Too many ${what}: try again in ${waitInWords(retryAfterSeconds)}` : `Too many attempts, try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`,
    );
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
