/**
 * Every abuse limit of the app in one table (issue 15, "Abuse limits"), so a review reads them in
 * one place and the README's table can be checked against it. Each is a fixed window: at most
 * `points` counted events per `subject` per `windowSeconds`; the next one is refused with 429 and a
 * Retry-After until the window ends, and the first refusal of each window is audited once.
 *
 * Sign-in has its own limiter (auth/signin-limiter.ts: a per-IP budget plus a per-account wait
 * that doubles), which is not a fixed window and keeps its own table (SIGNIN_LIMITS).
 */
export type LimitSubject = "org" | "user" | "ip" | "email";

export interface LimitRule {
  points: number;
  windowSeconds: number;
  /** What one bucket is kept per. An email or IP is only ever stored as a keyed hash. */
  per: LimitSubject;
  /** What is counted, for messages: "Too many {what}: try again in 12 minutes". */
  what: string;
}

export const LIMITS = {
  // Invitation mails: a stolen admin session must not turn the app into a mail cannon.
  "invitations.user": { points: 20, windowSeconds: 3_600, per: "user", what: "invitations sent by you in the last hour" },
  "invitations.org": { points: 50, windowSeconds: 3_600, per: "org", what: "invitations sent from this organization in the last hour" },
  // Reset mails go to whatever address is typed: per address (no mailbox flooding, nobody keeps
  // replacing someone's live link) and per IP (no walking a list of addresses). Known and unknown
  // addresses count alike, so the limit reveals nothing.
  "password_reset.ip": { points: 20, windowSeconds: 3_600, per: "ip", what: "password reset requests from your network in the last hour" },
  "password_reset.email": { points: 3, windowSeconds: 3_600, per: "email", what: "password reset requests for this address in the last hour" },
  // Public links (signing, acknowledgement, invitation, reset): only tokens that match nothing
  // count, so a patient opening their own link again and again is never refused for it.
  "public_link.misses": { points: 30, windowSeconds: 60, per: "ip", what: "links that did not work from your network in the last minute" },
  // Webhooks: only deliveries whose signature (or shared secret) is wrong count. A valid delivery
  // is never limited: a platform must never be refused for its own volume.
  "webhook.bad_signatures": { points: 60, windowSeconds: 60, per: "ip", what: "requests with a wrong signature from your network in the last minute" },
  // Uploads (media, consent forms, group-post screenshots, roster CSVs), counted before the body is read.
  "uploads.user": { points: 200, windowSeconds: 3_600, per: "user", what: "uploads by you in the last hour" },
  "uploads.org": { points: 1_000, windowSeconds: 3_600, per: "org", what: "uploads to this organization in the last hour" },
  // Forwarded group posts (POST /api/intake/groups): a flood would fill the officers' queue.
  "group_intake.org": { points: 60, windowSeconds: 3_600, per: "org", what: "forwarded group posts for this organization in the last hour" },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;
export type LimitTable = Record<LimitName, LimitRule>;

/** "45 seconds", "12 minutes", "1 hour": the wait in a sentence (rounded up, never "0"). */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 120) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  if (m < 120) return `${m} minutes`;
  const h = Math.ceil(m / 60);
  return `${h} hours`;
}
