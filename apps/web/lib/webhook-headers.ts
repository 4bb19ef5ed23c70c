// The client-ip module alone: the webhook routes load neither Auth.js nor the session code.
import { requestMetaFrom } from "@vetted/auth/client-ip";
import type { RequestMeta } from "@vetted/domain";
import { REQUEST_ID_HEADER, requestIdFrom } from "@vetted/log";
import { after } from "next/server";

/**
 * Headers of every webhook answer. no-transform also keeps Next from gzip-ing it: Next cannot size a
 * route handler's body, so it compresses even a 12-byte `{"ok":true}`, and at a platform's delivery
 * rate that cost more CPU than verifying and storing the delivery (bench:comments).
 */
export const WEBHOOK_ANSWER_HEADERS = { "Cache-Control": "no-store, no-transform" } as const;

/**
 * Runs `task` after the answer has gone out (Next's `after`), so the platform does not wait for the
 * queue. false when no request is being served (a test calling the handler directly): Next's `after`
 * then throws synchronously, and the caller runs the task before answering instead.
 */
export function scheduleAfterAnswer(task: () => Promise<unknown>): boolean {
  try {
    after(task);
    return true;
  } catch {
    return false;
  }
}

/**
 * A delivery's request id, settled once in the route: the proxy skips webhooks, so nothing made one
 * before (the caller's X-Request-Id when it is plainly an id, else a new UUID). The same id goes on the
 * answer, on the events' jobs (when it is a UUID, see webRequestId) and on the worker's log lines.
 */
export const webhookRequestId = (request: Request): string => requestIdFrom(request.headers);

/** The answer's headers, naming the delivery's request id. */
export const webhookAnswerHeaders = (requestId: string) => ({ ...WEBHOOK_ANSWER_HEADERS, [REQUEST_ID_HEADER]: requestId });

/**
 * Who sent a webhook, for the limit on wrong signatures (guardWebhookSignature): the IP from trusted
 * proxies only (packages/auth/src/client-ip.ts), read from the request itself, since the platforms'
 * callbacks skip the proxy and carry no session; and the delivery's settled request id.
 */
export const webhookSender = (request: Request, requestId: string): RequestMeta => ({ ...requestMetaFrom(request.headers), requestId });
