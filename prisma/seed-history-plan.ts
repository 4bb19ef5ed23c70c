// The demo history as a plan: which posts, in which states, with which revisions and decisions, at
// which times. Pure and deterministic (a seeded PRNG): the same seed and org give the same plan, so
// the counts of a demo database never change between runs. Times are relative to `now`: each post's
// steps are laid out forward from zero, then the whole post is moved so that its last step lands where
// its state puts it (published weeks ago, waiting since yesterday, scheduled next week…).
import { prng } from "./prng";
import {
  AWARENESS, CHANGE_COMMENTS, CLEAN_TEMPLATES, DAYS, EVENTS, FIRST_NAMES, LAST_NAMES, OVERRIDE_JUSTIFICATIONS, PHI_TEMPLATES, POST_COMMENTS,
  REJECT_COMMENTS, TIMES, VOCABULARY, fill, type OrgKind, type Slots, type Template,
} from "./seed-history-templates";

export type HistoryState = "DRAFT" | "IN_REVIEW" | "CHANGES_REQUESTED" | "APPROVED" | "REJECTED" | "SCHEDULED" | "PUBLISHED" | "EXPIRED";
export type HistoryChannel = "FACEBOOK" | "LINKEDIN" | "X";

export interface PlannedDecision {
  decision: "APPROVE" | "REQUEST_CHANGES" | "REJECT";
  at: Date;
  comment: string | null;
  /** Approving over blocking findings: the preset reason and the written justification for each. */
  override: { code: "NOT_PHI_IN_CONTEXT" | "PUBLIC_BY_PATIENT" | "OTHER"; justification: string } | null;
}

export interface PlannedRevision {
  number: number;
  text: string;
  createdAt: Date;
  /** Submitted: its scan job ran from `submittedAt` to `scannedAt`. Null for a draft never submitted. */
  scan: { submittedAt: Date; scannedAt: Date } | null;
  decision: PlannedDecision | null;
}

export interface PlannedPost {
  title: string;
  /** Index into the org's authors (the first one writes most posts). */
  author: number;
  state: HistoryState;
  channels: HistoryChannel[];
  createdAt: Date;
  /** The time of the last change of state (what the lists sort by and "overdue" reads). */
  updatedAt: Date;
  scheduledAt: Date | null;
  publishedAt: Date | null;
  /** From a template that names a patient. */
  phi: boolean;
  revisions: PlannedRevision[];
  comments: { byOfficer: boolean; body: string; at: Date }[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + rng() * (hi - lo);
/** A review turnaround: mostly a few hours, sometimes days (log-uniform from 20 minutes to 4 days). */
const turnaround = (rng: Rng) => Math.exp(between(rng, Math.log(20 * MIN), Math.log(4 * DAY)));

const STATE_WEIGHTS: [HistoryState, number][] = [
  ["PUBLISHED", 49], ["SCHEDULED", 8], ["APPROVED", 4], ["REJECTED", 6], ["EXPIRED", 5], ["IN_REVIEW", 10], ["CHANGES_REQUESTED", 8], ["DRAFT", 10],
];
/** How likely a post in each state started from a template that names a patient. */
const PHI_SHARE: Record<HistoryState, number> = {
  PUBLISHED: 0.15, SCHEDULED: 0.15, APPROVED: 0.15, REJECTED: 0.8, EXPIRED: 0.2, IN_REVIEW: 0.35, CHANGES_REQUESTED: 0.75, DRAFT: 0.2,
};

function pickState(rng: Rng): HistoryState {
  const total = STATE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [state, w] of STATE_WEIGHTS) if ((r -= w) < 0) return state;
  return "PUBLISHED";
}

function drawSlots(rng: Rng, kind: OrgKind, now: Date): Slots {
  const v = VOCABULARY[kind];
  const day = new Date(now.getTime() - between(rng, 20, 160) * DAY);
  const born = 1924 + Math.floor(rng() * 8);
  return {
    dept: pick(rng, v.dept), service: pick(rng, v.service), condition: pick(rng, v.condition), procedure: pick(rng, v.procedure), tip: pick(rng, v.tip),
    event: pick(rng, EVENTS), day: pick(rng, DAYS), time: pick(rng, TIMES), awareness: pick(rng, AWARENESS),
    first: pick(rng, FIRST_NAMES), last: pick(rng, LAST_NAMES), room: String(100 + Math.floor(rng() * 380)),
    date: day.toLocaleDateString("en-US", { month: "long", day: "numeric", timeZone: "UTC" }),
    mrn: String(10_000_000 + Math.floor(rng() * 89_999_999)), dob: `${1 + Math.floor(rng() * 12)}/${1 + Math.floor(rng() * 28)}/${born}`,
  };
}

function pickChannels(rng: Rng): HistoryChannel[] {
  const all: HistoryChannel[] = ["FACEBOOK", "LINKEDIN", "X"];
  const chosen = all.filter(() => rng() < 0.45);
  return chosen.length ? chosen : ["FACEBOOK"];
}

/** One step of a post's life, at a time relative to its creation (ms). */
type Step = { at: number };

interface Draft {
  revisions: { text: string; createdAt: number; scan: { submittedAt: number; scannedAt: number } | null; decision: (Omit<PlannedDecision, "at"> & Step) | null }[];
}

/** Submits the newest revision a little after it was written; the scan takes a few seconds. */
function submit(rng: Rng, d: Draft): number {
  const r = d.revisions.at(-1)!;
  const submittedAt = r.createdAt + between(rng, 5 * MIN, 3 * HOUR);
  r.scan = { submittedAt, scannedAt: submittedAt + between(rng, 1_500, 6_000) };
  return r.scan.scannedAt;
}

function decide(rng: Rng, d: Draft, decision: PlannedDecision["decision"], comment: string | null, override: PlannedDecision["override"] = null): number {
  const r = d.revisions.at(-1)!;
  const at = r.scan!.scannedAt + turnaround(rng);
  r.decision = { decision, at, comment, override };
  return at;
}

function revise(rng: Rng, d: Draft, text: string, after: number): void {
  d.revisions.push({ text, createdAt: after + between(rng, 30 * MIN, 2 * DAY), scan: null, decision: null });
}

/** The post's life from its first revision up to (not including) what happens at its scheduled time. */
function live(rng: Rng, state: HistoryState, template: Template, slots: Slots): { draft: Draft; last: number } {
  const text = fill(template.text, slots);
  const fixed = template.fixed ? fill(template.fixed, slots) : `${text} See you there!`;
  const d: Draft = { revisions: [{ text, createdAt: 0, scan: null, decision: null }] };
  if (state === "DRAFT") return { draft: d, last: 0 };
  let last = submit(rng, d);
  const ends = state === "PUBLISHED" || state === "SCHEDULED" || state === "APPROVED";
  // Changes first: always for a patient story that cannot be approved over, sometimes otherwise.
  const overrideIt = ends && template.fixed !== undefined && template.overridable === true && rng() < 0.4;
  const rounds = state === "CHANGES_REQUESTED" ? 1 : ends && template.fixed && !overrideIt ? 1 : ends && rng() < 0.12 ? 1 : 0;
  for (let i = 0; i < rounds; i++) {
    const at = decide(rng, d, "REQUEST_CHANGES", template.fixed ? pick(rng, CHANGE_COMMENTS) : pick(rng, POST_COMMENTS));
    if (state === "CHANGES_REQUESTED") return { draft: d, last: at };
    revise(rng, d, fixed, at);
    last = submit(rng, d);
    // A third revision now and then: the client asked for one more edit while it waited for review.
    if (rng() < 0.3) {
      revise(rng, d, `${fixed} Share this with someone who needs to hear it.`, last);
      last = submit(rng, d);
    }
  }
  if (state === "REJECTED") return { draft: d, last: decide(rng, d, "REJECT", pick(rng, REJECT_COMMENTS)) };
  if (state === "IN_REVIEW" || state === "EXPIRED") return { draft: d, last };
  const [code, justification] = pick(rng, OVERRIDE_JUSTIFICATIONS);
  return { draft: d, last: decide(rng, d, "APPROVE", null, overrideIt ? { code, justification } : null) };
}

/** Where each state puts the post's last step, relative to `now` (ms; negative is the past). */
function anchor(rng: Rng, state: HistoryState): number {
  switch (state) {
    case "PUBLISHED": return -between(rng, 2 * HOUR, 178 * DAY);
    case "REJECTED": return -between(rng, 3 * HOUR, 178 * DAY);
    case "EXPIRED": return -between(rng, 6 * HOUR, 170 * DAY);
    case "SCHEDULED": return -between(rng, 1 * HOUR, 12 * DAY);
    case "APPROVED": return -between(rng, 1 * HOUR, 10 * DAY);
    case "CHANGES_REQUESTED": return -between(rng, 2 * HOUR, 8 * DAY);
    // Waiting for review: six in ten within the day-and-a-half, the rest overdue (over 48 hours).
    case "IN_REVIEW": return rng() < 0.6 ? -between(rng, 30 * MIN, 36 * HOUR) : -between(rng, 50 * HOUR, 6 * DAY);
    case "DRAFT": return -between(rng, 10 * MIN, 14 * DAY);
  }
}

/** One post of an org of `kind`; `rng` is the org's stream, so posts differ but the whole is reproducible. */
export function planPost(rng: Rng, kind: OrgKind, authors: number, now: Date): PlannedPost {
  const state = pickState(rng);
  const phi = rng() < PHI_SHARE[state];
  const template = phi ? pick(rng, PHI_TEMPLATES) : pick(rng, CLEAN_TEMPLATES);
  const slots = drawSlots(rng, kind, now);
  const channels = pickChannels(rng);
  const { draft, last } = live(rng, state, template, slots);
  // Scheduled and published posts go out some hours or days after approval; an expired one missed its time.
  let end = last;
  let scheduled: number | null = null;
  if (state === "PUBLISHED") scheduled = end = last + between(rng, 2 * HOUR, 6 * DAY);
  if (state === "EXPIRED") scheduled = end = last + between(rng, 3 * HOUR, 3 * DAY);
  const shift = now.getTime() + anchor(rng, state) - end;
  const at = (ms: number) => new Date(Math.round(ms + shift));
  let scheduledAt = scheduled === null ? null : at(scheduled);
  if (state === "SCHEDULED") scheduledAt = new Date(now.getTime() + between(rng, 1 * DAY, 28 * DAY));
  if ((state === "IN_REVIEW" || state === "DRAFT") && rng() < 0.5) scheduledAt = new Date(now.getTime() + between(rng, 1 * DAY, 14 * DAY));
  const revisions: PlannedRevision[] = draft.revisions.map((r, i) => ({
    number: i + 1, text: r.text, createdAt: at(r.createdAt),
    scan: r.scan ? { submittedAt: at(r.scan.submittedAt), scannedAt: at(r.scan.scannedAt) } : null,
    decision: r.decision ? { ...r.decision, at: at(r.decision.at) } : null,
  }));
  const comments = rng() < 0.12 && state !== "DRAFT"
    ? [{ byOfficer: rng() < 0.4, body: pick(rng, POST_COMMENTS), at: at(draft.revisions[0]!.createdAt + between(rng, 10 * MIN, 3 * HOUR)) }]
    : [];
  return {
    title: fill(template.title, slots), author: rng() < 0.8 || authors === 1 ? 0 : 1 + Math.floor(rng() * (authors - 1)), state, channels,
    createdAt: at(0), updatedAt: at(end), scheduledAt, publishedAt: state === "PUBLISHED" ? at(end) : null, phi, revisions, comments,
  };
}

/** The org's whole history: `count` posts, the same for the same seed, kind and `now`. */
export function planHistory(seed: number, kind: OrgKind, count: number, authors: number, now: Date): PlannedPost[] {
  const rng = prng(seed);
  return Array.from({ length: count }, () => planPost(rng, kind, authors, now));
}
