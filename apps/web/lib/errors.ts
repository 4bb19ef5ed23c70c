import { AppError, isAppError } from "@vetted/domain";
import { randomUUID } from "node:crypto";

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

/**
 * Turns anything thrown by a handler into a safe error body and status. Unknown errors are logged
 * under a reference id and answered with that id only: their messages may carry data we must not show.
 */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
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
  return Response.json({ error: body }, { status, headers: { "Cache-Control": "no-store" } });
};

export { AppError };
