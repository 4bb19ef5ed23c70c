/**
 * Headers of every webhook answer. no-transform also keeps Next from gzip-ing it: Next cannot size a
 * route handler's body, so it compresses even a 12-byte `{"ok":true}`, and at a platform's delivery
 * rate that cost more CPU than verifying and storing the delivery (bench:comments).
 */
export const WEBHOOK_ANSWER_HEADERS = { "Cache-Control": "no-store, no-transform" } as const;
