import type { IncidentConclusion } from "@vetted/db";

// The rules of a breach incident, without the database: the four factors of the risk assessment
// (45 CFR 164.402(2)(i)–(iv)), the 60-day notification deadline (164.404(b)) and what an assessment
// needs before it can be concluded.

const DAY_MS = 86_400_000;
/** 164.404(b): "in no case later than 60 calendar days after discovery of a breach". */
export const NOTIFICATION_WINDOW_DAYS = 60;

/** The deadline, in exact hours from the discovery (the database's CHECK says the same). */
export const notificationDeadline = (discoveredAt: Date) => new Date(discoveredAt.getTime() + NOTIFICATION_WINDOW_DAYS * DAY_MS);

/** Whole days left before the deadline (0 on its last day), negative once it has passed. */
export function daysLeft(deadlineAt: Date, now = new Date()): number {
  const ms = deadlineAt.getTime() - now.getTime();
  return ms >= 0 ? Math.floor(ms / DAY_MS) : -Math.ceil(-ms / DAY_MS);
}

export const INCIDENT_FACTORS = ["nature", "recipient", "acquired", "mitigation"] as const;
export type IncidentFactor = (typeof INCIDENT_FACTORS)[number];

/** The four factors as the rule words them, for the checklist. */
export const FACTOR_TEXT: Record<IncidentFactor, { title: string; prompt: string }> = {
  nature: {
    title: "(i) Nature and extent of the PHI involved",
    prompt: "Which identifiers and health details were posted, and how likely is it that the person can be re-identified?",
  },
  recipient: {
    title: "(ii) The unauthorized person who used the PHI or to whom it was disclosed",
    prompt: "Who could see it: the group's members, their roles, whether they are bound by HIPAA themselves?",
  },
  acquired: {
    title: "(iii) Whether the PHI was actually acquired or viewed",
    prompt: "How long was it up, how many views or reactions, was it copied or shared on?",
  },
  mitigation: {
    title: "(iv) The extent to which the risk to the PHI has been mitigated",
    prompt: "Was it removed, were recipients asked to delete it and did they confirm, was the employee coached?",
  },
};

export const CONCLUSION_TEXT: Record<IncidentConclusion, string> = {
  LOW_PROBABILITY: "Low probability that the PHI has been compromised (no notification required)",
  NOTIFICATION_REQUIRED: "Breach: notification required",
};

/** Stored per factor: whether it was assessed, and the officer's notes (an envelope; may name the patient). */
export interface FactorEntry {
  checked: boolean;
  notesCipher: string | null;
}
export type Assessment = Partial<Record<IncidentFactor, FactorEntry>>;

/** The assessment column as written by saveIncidentAssessment; anything malformed reads as not assessed. */
export function storedAssessment(json: unknown): Assessment {
  const out: Assessment = {};
  if (!json || typeof json !== "object" || Array.isArray(json)) return out;
  for (const factor of INCIDENT_FACTORS) {
    const v = (json as Record<string, unknown>)[factor] as Partial<FactorEntry> | undefined;
    if (v && typeof v === "object") out[factor] = { checked: v.checked === true, notesCipher: typeof v.notesCipher === "string" ? v.notesCipher : null };
  }
  return out;
}

/** The factors still missing before a conclusion: each needs its box ticked and notes written. */
export const missingFactors = (a: Assessment): IncidentFactor[] => INCIDENT_FACTORS.filter((f) => !a[f]?.checked || !a[f]?.notesCipher);

/** Days before the 60-day deadline (164.404(b)) at which the officers are reminded; then daily once it has passed. */
export const REMINDER_DAYS = [30, 14, 7, 3, 1] as const;

/**
 * The reminder due for a deadline at `now`: the nearest milestone already reached ("before-7" from
 * 7 days left down to just over 3), or, once the deadline has passed, the day overdue ("overdue-1" in
 * the first 24 hours after it); null while more than 30 days are left. Only the current milestone is
 * sent: a sweep that first sees an incident 5 days before its deadline sends "before-7" alone.
 */
export function reminderMilestone(deadlineAt: Date, now: Date): string | null {
  const left = deadlineAt.getTime() - now.getTime();
  if (left <= 0) return `overdue-${Math.floor(-left / DAY_MS) + 1}`;
  const reached = REMINDER_DAYS.filter((d) => left <= d * DAY_MS);
  return reached.length ? `before-${Math.min(...reached)}` : null;
}
