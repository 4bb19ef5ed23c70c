import { hashInviteToken, looksLikeInviteToken, newInviteToken } from "../invitations/tokens";

// The rules of a policy acknowledgement (issue 13), without the database: its state, the reminder
// schedule, who must acknowledge, when a new cycle opens, and the link token.

export const DAY_MS = 86_400_000;
/** Days a person has to acknowledge, unless the org set its own (PolicyManual.ackDueDays). */
export const ACK_DUE_DAYS = 30;
/** The range the org may choose for its due period. */
export const ACK_DUE_DAYS_MIN = 1;
export const ACK_DUE_DAYS_MAX = 90;
/** Re-acknowledgement cadence in days (PolicyManual.ackCadenceDays): yearly unless the org chose otherwise. */
export const ACK_CADENCE_DAYS = 365;
/** How long an emailed acknowledgement link works; a new link replaces the previous one at once. */
export const ACK_LINK_DAYS = 14;

// The link token is the same kind of credential as an invitation's or a signing link's: 32 random
// bytes, base64url, stored only as its SHA-256. One implementation for all three.
export const newAckToken = newInviteToken;
export const hashAckToken = hashInviteToken;
export const looksLikeAckToken = looksLikeInviteToken;

export type AckState = "acknowledged" | "pending" | "overdue";

/** Signed is acknowledged; otherwise pending until the due time, overdue from it. */
export function ackState(a: { signedAt: Date | null; dueAt: Date }, now: Date = new Date()): AckState {
  if (a.signedAt) return "acknowledged";
  return now.getTime() >= a.dueAt.getTime() ? "overdue" : "pending";
}

/** Days before the due time at which the person is reminded (after the "start" mail at assignment). */
export const ACK_REMINDER_DAYS = [7, 1] as const;
export const ESCALATED = "escalated";

/**
 * The reminder milestone an unsigned acknowledgement is at: "start" from its assignment, "before-7"
 * and "before-1" (those that fall after the assignment), "due" from the due time for a day, then
 * "overdue-<n>" for the nth day after it. Null before the assignment.
 */
export function currentAckMilestone(a: { assignedAt: Date; dueAt: Date }, now: Date): string | null {
  const t = now.getTime();
  const assigned = a.assignedAt.getTime();
  const due = a.dueAt.getTime();
  if (t < assigned) return null;
  if (t >= due) {
    const days = Math.floor((t - due) / DAY_MS);
    return days === 0 ? "due" : `overdue-${days}`;
  }
  let current = "start";
  for (const d of ACK_REMINDER_DAYS) {
    const at = due - d * DAY_MS;
    if (at > assigned && at <= t) current = `before-${d}`;
  }
  return current;
}

/**
 * The reminders to send now, given the milestones already sent: the current milestone once (a
 * sweep that first sees an acknowledgement 3 days before its due time sends "before-7" alone, not
 * "start" as well), and, from the first day after the due time, the one escalation to the
 * compliance officers. Nothing once signed.
 */
export function ackRemindersDue(
  a: { assignedAt: Date; dueAt: Date; signedAt?: Date | null },
  now: Date,
  sent: ReadonlySet<string> = new Set(),
): { milestones: string[]; escalate: boolean } {
  if (a.signedAt) return { milestones: [], escalate: false };
  const current = currentAckMilestone(a, now);
  const milestones = current && !sent.has(current) ? [current] : [];
  const escalate = now.getTime() >= a.dueAt.getTime() + DAY_MS && !sent.has(ESCALATED);
  return { milestones: escalate ? [...milestones, ESCALATED] : milestones, escalate };
}

/**
 * Who must acknowledge: the roster's departments and job roles the org chose (exact values). Both
 * empty means every active person; otherwise a person in one of the departments or with one of the roles.
 */
export interface AckScope {
  departments: readonly string[];
  jobRoles: readonly string[];
}

export const EVERYONE: AckScope = { departments: [], jobRoles: [] };

export function inAckScope(person: { department: string; jobRole: string }, scope: AckScope): boolean {
  if (scope.departments.length === 0 && scope.jobRoles.length === 0) return true;
  return scope.departments.includes(person.department) || scope.jobRoles.includes(person.jobRole);
}

/**
 * When the next cycle of a signed acknowledgement opens: the org's cadence after the signature. An
 * unsigned one opens nothing (the person is still working on this cycle).
 */
export function renewalOpensAt(signedAt: Date | null, cadenceDays: number): Date | null {
  return signedAt ? new Date(signedAt.getTime() + cadenceDays * DAY_MS) : null;
}

export function renewalDue(signedAt: Date | null, cadenceDays: number, now: Date): boolean {
  const at = renewalOpensAt(signedAt, cadenceDays);
  return !!at && at.getTime() <= now.getTime();
}

/** The person's typed name matches theirs: case, surrounding and repeated spaces aside. */
export function typedNameMatches(typed: string, name: string): boolean {
  const norm = (s: string) => s.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");
  return norm(typed) !== "" && norm(typed) === norm(name);
}
