import { z } from "zod";
import type { RequestMeta } from "./context";

/**
 * What a write knows of the web request behind it: a RequestMeta (ctx.request), or, in the worker, the
 * payload of the job it runs in, which carries the id of the request that caused the job.
 */
export type RequestOrigin = Pick<RequestMeta, "requestId">;

// The same check as the job payloads' `requestId: z.uuid()` (packages/queue/src/jobs.ts): an id stored
// on an outbox row must never fail its job's payload schema, or the row could never be sent.
const payloadUuid = z.uuid();

/**
 * The request's id when the web made it (a UUID), for outbox rows and job payloads; else null. An id
 * passed on from a proxy in front stays on the web's own log lines, but it could be any word, and rows
 * and payloads hold ids only.
 */
export function webRequestId(origin: RequestOrigin | null | undefined): string | null {
  const id = origin?.requestId;
  return id && payloadUuid.safeParse(id).success ? id : null;
}
