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
 * (class and code, under the request id) and answered with the request id only: their messages may
 * carry data we must not show.
 */
export function toErrorBody(thrown: unknown, requestId: string = acceptRequestId(null)): { status: number; body: ErrorBody } {
  const log = logger().child({ requestId });
  const mapped = fromDatabaseError(thrown);
  // A 4xx from the database means some input escaped validation: worth knowing, by code only.
  if (mapped) log.warn({ event: "http.database_error_as_4xx", code: (thrown as { code?: string }).code, status: mapped.status });
  const error = mapped ?? thrown;
  if (error instanceof RateLimitedError) {
    const body = { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds, ...(error.limit ? { limit: error.limit } : {}) };
    return { status: error.status, body };
  }
  if (isAppError(error)) {
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
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
  if (error instanceof RateLimitedError) headers["Retry-After"] = String(error.retryAfterSeconds);
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
