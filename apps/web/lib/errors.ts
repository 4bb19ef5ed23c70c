import { AppError, isAppError, RateLimitedError } from "@vetted/domain";
import { randomUUID } from "node:crypto";

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  /** RATE_LIMITED only: which rule refused (packages/domain/src/limits/limit-table.ts) and the wait. */
  limit?: string;
  retryAfterSeconds?: number;
}

/**
 * Database errors that bad input can cause, as AppErrors with a generic message: never the
 * database's own message, which quotes the offending value (a patient's name, say). Prisma's known
 * request errors carry a P-code; with the pg driver adapter the PostgreSQL SQLSTATE rides along in
 * meta.driverAdapterError.cause (P2010 raw queries, and the P2039-style "database error" wrapper).
 * Anything else stays a 500: it is a bug, not bad input.
 */
export function fromDatabaseError(error: unknown): AppError | null {
  if (!(error instanceof Error) || error.name !== "PrismaClientKnownRequestError") return null;
  const { code, meta } = error as Error & { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  const cause = meta?.driverAdapterError?.cause;
  const sqlState = String(cause?.originalCode ?? cause?.code ?? "");
  if (code === "P2002" || sqlState === "23505") return new AppError("CONFLICT", "That already exists");
  if (code === "P2034" || sqlState === "40001" || sqlState === "40P01") return new AppError("CONFLICT", "Someone else changed this at the same time; try again");
  if (code === "P2025" || code === "P2001" || code === "P2015" || code === "P2018") return new AppError("NOT_FOUND", "Not found");
  if (code === "P2003" || sqlState === "23503") return new AppError("VALIDATION", "A value refers to something that does not exist", { _: ["Unknown reference"] });
  // P2000 value too long, P2006/P2007/P2020 invalid or out-of-range values; SQLSTATE class 22 is
  // "data exception": invalid byte sequence (NUL), invalid text representation (a malformed uuid cast),
  // string too long, numeric out of range, bad datetime. 23514 is a CHECK constraint.
  if (["P2000", "P2006", "P2007", "P2020"].includes(String(code)) || sqlState.startsWith("22") || sqlState === "23514") {
    return new AppError("VALIDATION", "A value is malformed or too long", { _: ["Invalid value"] });
  }
  return null;
}

/**
 * Turns anything thrown by a handler into a safe error body and status. Unknown errors are logged
 * under a reference id and answered with that id only: their messages may carry data we must not show.
 */
export function toErrorBody(thrown: unknown): { status: number; body: ErrorBody } {
  const mapped = fromDatabaseError(thrown);
  // A 4xx from the database means some input escaped validation: worth knowing, by code only.
  if (mapped) console.warn(JSON.stringify({ level: "warn", msg: "database error answered as 4xx", code: (thrown as { code?: string }).code, status: mapped.status }));
  const error = mapped ?? thrown;
  if (error instanceof RateLimitedError) {
    const body = { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds, ...(error.limit ? { limit: error.limit } : {}) };
    return { status: error.status, body };
  }
  if (isAppError(error)) {
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
  }
  const ref = randomUUID();
  const name = error instanceof Error ? error.name : typeof error;
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", ref, name }));
  return { status: 500, body: { code: "INTERNAL", message: `Something went wrong on our side (reference ${ref})` } };
}

export const errorResponse = (error: unknown) => {
  const { status, body } = toErrorBody(error);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (error instanceof RateLimitedError) headers["Retry-After"] = String(error.retryAfterSeconds);
  return Response.json({ error: body }, { status, headers });
};

export { AppError };
