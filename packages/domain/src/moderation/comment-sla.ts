import type { Prisma, SocialComment } from "@vetted/db";

// The first-response SLA (issue 12). A comment that is hidden pending review, that the scanner wants
// reviewed, or that someone marked "needs reply" must get a first response — a decision or a reply by
// a person — within the org's firstResponseSlaMinutes. The deadline is fixed when the comment first
// needs a response, so changing the setting later moves no promise already made.

export const SLA_MINUTES = { min: 30, max: 10_080, default: 240 } as const;
/** The "due soon" reminder goes this long before the deadline (hence the 30-minute minimum SLA). */
export const SLA_WARN_BEFORE_MS = 30 * 60_000;

/**
 * Decisions that answer a comment and stop the clock. Assigning answers nobody, and "needs reply"
 * says an answer is still owed: both leave it running (needs reply starts it when it was not).
 */
export const RESPONSE_DECISIONS: ReadonlySet<string> = new Set(["hide", "unhide", "delete", "resolve", "escalate"]);

/**
 * The deadline of a comment that starts needing a response at `startedAt` (never later than `now`:
 * a platform time slightly ahead of ours must not lengthen it).
 */
export function responseDueAt(startedAt: Date, slaMinutes: number, now: Date = new Date()): Date {
  return new Date(Math.min(startedAt.getTime(), now.getTime()) + slaMinutes * 60_000);
}

type SlaFields = Pick<SocialComment, "responseDueAt" | "firstRespondedAt" | "deletedAt" | "status" | "needsReview">;

/** Still waiting for its first response: the clock runs. A comment removed on the platform needs none. */
export function awaitsResponse(c: SlaFields): boolean {
  if (!c.responseDueAt || c.firstRespondedAt || c.deletedAt) return false;
  return c.status === "HIDDEN_PENDING_REVIEW" || c.status === "NEEDS_REPLY" || (c.status === "NEW" && c.needsReview);
}

/**
 * The deadline to set now on a comment that has none yet and has just started to await a response
 * (from the platform time of the text that needs it); null when there is nothing to set.
 */
export function firstResponseDueAt(c: Omit<SlaFields, "responseDueAt"> & { responseDueAt: Date | null; lastEventAt: Date }, slaMinutes: number, now: Date): Date | null {
  if (c.responseDueAt || !awaitsResponse({ ...c, responseDueAt: now })) return null;
  return responseDueAt(c.lastEventAt, slaMinutes, now);
}

/** awaitsResponse as a query (the sweep's, and the inbox's overdue count). */
export const awaitingResponseWhere = {
  responseDueAt: { not: null },
  firstRespondedAt: null,
  deletedAt: null,
  OR: [{ status: { in: ["HIDDEN_PENDING_REVIEW", "NEEDS_REPLY"] } }, { status: "NEW", needsReview: true }],
} satisfies Prisma.SocialCommentWhereInput;

/**
 * A first-response SLA breach still open: past its deadline and still unanswered. The agency inbox's
 * "overdue" count and the agency overview's "SLA breaches"; the sweep marks the same comments slaBreachedAt.
 */
export const slaBreachedWhere = (now: Date) => ({ ...awaitingResponseWhere, responseDueAt: { lte: now } }) satisfies Prisma.SocialCommentWhereInput;

export type SlaState = "on_time" | "due_soon" | "overdue";
export interface CommentSla {
  dueAt: Date;
  state: SlaState;
}

/** What the inbox shows: the deadline and whether it is near or passed; null when no response is awaited. */
export function commentSla(c: SlaFields, now: Date = new Date()): CommentSla | null {
  if (!awaitsResponse(c)) return null;
  const dueAt = c.responseDueAt!;
  const left = dueAt.getTime() - now.getTime();
  return { dueAt, state: left <= 0 ? "overdue" : left <= SLA_WARN_BEFORE_MS ? "due_soon" : "on_time" };
}

/**
 * The update that records a person's first response (inside the decision's or reply's transaction):
 * the first one only, so a later decision never rewrites when the comment was first answered.
 */
export const firstResponseData = (c: Pick<SocialComment, "firstRespondedAt">, at: Date = new Date()) =>
  (c.firstRespondedAt ? {} : { firstRespondedAt: at });
