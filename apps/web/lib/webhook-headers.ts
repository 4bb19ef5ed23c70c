// The client-ip module alone: the webhook routes load neither Auth.js nor the session code.
import { requestMetaFrom } from "@vetted/auth/client-ip";
import type { RequestMeta } from "@vetted/domain";
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
 * Who sent a webhook, for the limit on wrong signatures (guardWebhookSignature): the IP from trusted
 * proxies only (packages/auth/src/client-ip.ts), read from the request itself, since the platforms'
 * callbacks skip the proxy and carry no session.
 */
export const webhookSender = (request: Request): RequestMeta => requestMetaFrom(request.headers);
