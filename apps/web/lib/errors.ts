import { AppError, isAppError, RateLimitedError } from "@vetted/domain";
import { acceptRequestId, logger, REQUEST_ID_HEADER, requestIdFrom } from "@vetted/log";
import { headers as requestHeaders } from "next/headers";

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  /** On a 5xx only: the request id, for the user to quote to support (it names the log lines). */
  requestId?: string;
  /** RATE_LIMITED only: which rule refused (packages/domain/src/limits/limit-table.ts) and the wait. */
  limit?: string;
  retryAfterSeconds?: number;
}

/** Seconds a client is told to wait after a database refusal that passes (UNAVAILABLE). */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * SQLSTATEs of a refusal that passes, not of bad input or a bug: a statement cancelled at its timeout,
 * a lock not granted, a session ended idle in a transaction, too many connections, a server shutting
 * down or starting.
 */
const TRANSIENT_SQLSTATES = new Set(["57014", "55P03", "25P03", "53300", "57P01", "57P02", "57P03"]);

/**
 * The SQLSTATE and Prisma code of a database error, or null for anything else: Prisma's known request
 * errors carry a P-code, and with the pg driver adapter the PostgreSQL SQLSTATE rides along in
 * meta.driverAdapterError.cause (P2010 raw queries, and the P2039-style "database error" wrapper); the
 * pg client's own errors (pgDirect) carry the SQLSTATE as `code` beside a `severity`.
 */
function databaseErrorCodes(error: unknown): { code: string; sqlState: string } | null {
  if (!(error instanceof Error)) return null;
  const e = error as Error & { code?: unknown; severity?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  if (error.name === "PrismaClientKnownRequestError") {
    const cause = e.meta?.driverAdapterError?.cause;
    return { code: String(e.code ?? ""), sqlState: String(cause?.originalCode ?? cause?.code ?? "") };
  }
  if (typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return { code: "", sqlState: e.code };
  return null;
}

/**
 * Database errors that bad input can cause, as AppErrors with a generic message: never the
 * database's own message, which quotes the offending value (a patient's name, say); and refusals that
 * pass (TRANSIENT_SQLSTATES, Prisma's P2024 pool wait) as UNAVAILABLE. Anything else stays a 500: it is
 * a bug, not bad input.
 */
export function fromDatabaseError(error: unknown): AppError | null {
  const codes = databaseErrorCodes(error);
  if (!codes) return null;
  const { code, sqlState } = codes;
  if (code === "P2002" || sqlState === "23505") return new AppError("CONFLICT", "That already exists");
  if (code === "P2034" || sqlState === "40001" || sqlState === "40P01") return new AppError("CONFLICT", "Someone else changed this at the same time; try again");
  if (code === "P2025" || code === "P2001" || code === "P2015" || code === "P2018") return new AppError("NOT_FOUND", "Not found");
  if (code === "P2003" || sqlState === "23503") return new AppError("VALIDATION", "A value refers to something that does not exist", { _: ["Unknown reference"] });
  // P2000 value too long, P2006/P2007/P2020 invalid or out-of-range values; SQLSTATE class 22 is
  // "data exception": invalid byte sequence (NUL), invalid text representation (a malformed uuid cast),
  // string too long, numeric out of range, bad datetime. 23514 is a CHECK constraint.
  if (["P2000", "P2006", "P2007", "P2020"].includes(code) || sqlState.startsWith("22") || sqlState === "23514") {
    return new AppError("VALIDATION", "A value is malformed or too long", { _: ["Invalid value"] });
  }
  if (code === "P2024" || TRANSIENT_SQLSTATES.has(sqlState)) return new AppError("UNAVAILABLE", "The database is busy right now; try again in a moment");
  return null;
}

/**
 * Turns anything thrown by a handler into a safe error body and status. Unknown errors are logged
 * (class and code, under the request id) and answered with the request id only: their messages may
 * carry data we must not show.
 */
export function toErrorBody(thrown: unknown, requestId: string = acceptRequestId(null)): { status: number; body: ErrorBody } {
  const log = logger().child({ requestId });
  const mapped = fromDatabaseError(thrown);
  // A 4xx from the database means some input escaped validation, a 503 that it is overloaded: worth knowing, by code only.
  if (mapped) log.warn({ event: mapped.status === 503 ? "http.database_unavailable" : "http.database_error_as_4xx", code: (thrown as { code?: string }).code, status: mapped.status });
  const error = mapped ?? thrown;
  if (error instanceof RateLimitedError) {
    const body = { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds, ...(error.limit ? { limit: error.limit } : {}) };
    return { status: error.status, body };
  }
  if (isAppError(error)) {
    const retry = error.code === "UNAVAILABLE" ? { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS } : {};
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), ...retry } };
  }
  log.error({ event: "http.unhandled_error", err: error });
  return { status: 500, body: { code: "INTERNAL", message: `Something went wrong on our side (reference ${requestId})`, requestId } };
}

/**
 * A route handler's error answer; with the request, a 5xx names the id the proxy gave it, and so does
 * X-Request-Id. A route the proxy skips (webhooks) passes the id it settled itself, so the answer names
 * the same one as the jobs the request caused.
 */
export const errorResponse = (error: unknown, request?: Request, settledRequestId?: string) => {
  const requestId = settledRequestId ?? (request ? requestIdFrom(request.headers) : acceptRequestId(null));
  const { status, body } = toErrorBody(error, requestId);
  const headers: Record<string, string> = { "Cache-Control": "no-store", [REQUEST_ID_HEADER]: requestId };
  if (body.retryAfterSeconds !== undefined) headers["Retry-After"] = String(body.retryAfterSeconds);
  return Response.json({ error: body }, { status, headers });
};

/** A server action's error body, under the id of the request that ran the action. */
export async function actionErrorBody(error: unknown): Promise<ErrorBody> {
  return toErrorBody(error, await actionRequestId()).body;
}

async function actionRequestId(): Promise<string> {
  let incoming: Pick<Headers, "get">;
  try {
    incoming = await requestHeaders();
  } catch {
    // Only outside a request (an action called directly, as tests do): there is no id to read.
    return acceptRequestId(null);
  }
  return requestIdFrom(incoming);
}

export { AppError };
