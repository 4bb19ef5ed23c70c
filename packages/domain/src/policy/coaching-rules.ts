import type { ManualSection } from "./manual-sections";

// Which part of the manual a coaching assignment teaches, and which quiz question goes with it, without
// the database: chosen by what the person's content held (finding types and where they were found).

export type CoachingTriggerKind = "POST_BLOCKED" | "GROUP_REPORT" | "INCIDENT";

export interface CoachingFinding {
  type: string;
  /** "TEXT", or for an image "OCR", "METADATA", "FACE" (posts only). */
  source?: string | null;
}

/** Findings in or about images: a face, a photo reference, text read from or hidden in an image. */
const IMAGE_TYPES = new Set(["FACE", "PHOTO_REF"]);
const IMAGE_SOURCES = new Set(["OCR", "METADATA", "FACE"]);

/** The general definitions of PHI: what every assignment falls back to. */
export const FALLBACK_SECTION = "definitions";

/**
 * The section to teach: patient content (photos and consents) for anything found in or about an image;
 * the engagement rules for a staff member's comment; personal use for a post in an employee group; the
 * definitions of PHI otherwise.
 */
export function coachingSectionKey(trigger: CoachingTriggerKind, findings: readonly CoachingFinding[]): string {
  if (findings.some((f) => IMAGE_TYPES.has(f.type) || (f.source && IMAGE_SOURCES.has(f.source)))) return "patient-content";
  if (trigger === "INCIDENT") return "engagement";
  if (trigger === "GROUP_REPORT") return "personal-use";
  return FALLBACK_SECTION;
}

/** The wanted section of the version, else its definitions, else its first section (a version always has one). */
export function pickSection(sections: readonly ManualSection[], wanted: string): ManualSection | null {
  return sections.find((s) => s.key === wanted) ?? sections.find((s) => s.key === FALLBACK_SECTION) ?? sections[0] ?? null;
}

export interface CandidateQuestion {
  id: string;
  sectionKey: string | null;
  createdAt: Date;
}

/**
 * One question of the org's quiz: the oldest about the section taught, else the oldest about the
 * definitions, else the oldest of all; null when the quiz has none.
 */
export function pickCoachingQuestion<Q extends CandidateQuestion>(questions: readonly Q[], sectionKey: string): Q | null {
  const sorted = [...questions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return sorted.find((q) => q.sectionKey === sectionKey) ?? sorted.find((q) => q.sectionKey === FALLBACK_SECTION) ?? sorted[0] ?? null;
}

/** Distinct finding types, sorted: what the assignment records of why (never any text). */
export const findingTypesOf = (findings: readonly CoachingFinding[]) => [...new Set(findings.map((f) => f.type))].sort();
