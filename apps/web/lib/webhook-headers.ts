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
