import { z } from "zod";

// The sections of the social media policy & procedures manual, in order. A generated section mirrors
// the org's settings (its `source` names which) and is rewritten from them, never edited by hand; the
// others are the officer's text, prefilled once (default-manual-text.ts). Bodies are plain text with a
// limited markdown (manual-text.ts): paragraphs and "- " bullets, rendered inert everywhere.

export const SECTION_SOURCES = [
  "settings:accounts",
  "settings:consents",
  "settings:reply_templates",
  "settings:moderation",
  "settings:approval_policy",
  "settings:manual",
] as const;
export type SectionSource = (typeof SECTION_SOURCES)[number];

/** What a reader is told a generated section mirrors. */
export const SOURCE_LABELS: Record<SectionSource, string> = {
  "settings:accounts": "Connected accounts",
  "settings:consents": "Consent rules and privacy contact",
  "settings:reply_templates": "Reply templates",
  "settings:moderation": "Comment moderation settings",
  "settings:approval_policy": "Approval policy",
  "settings:manual": "Manual settings (owner, review date, cadence, pass mark)",
};

/** Every section key with whether it is generated (and from what). The order is the manual's. */
export const SECTION_PLAN = [
  { key: "scope", source: "settings:accounts" },
  { key: "definitions", source: null },
  { key: "other-policies", source: null },
  { key: "personal-use", source: null },
  { key: "no-friending", source: null },
  { key: "patient-content", source: "settings:consents" },
  { key: "engagement", source: null },
  { key: "reply-templates", source: "settings:reply_templates" },
  { key: "reviews", source: null },
  { key: "monitoring", source: "settings:moderation" },
  { key: "approval-workflow", source: "settings:approval_policy" },
  { key: "reporting", source: null },
  { key: "sanctions", source: null },
  { key: "training", source: "settings:manual" },
  { key: "owner", source: "settings:manual" },
] as const satisfies readonly { key: string; source: SectionSource | null }[];

export type SectionKey = (typeof SECTION_PLAN)[number]["key"];
export const SECTION_KEYS = SECTION_PLAN.map((s) => s.key) as SectionKey[];
export const EDITABLE_KEYS = SECTION_PLAN.filter((s) => s.source === null).map((s) => s.key) as SectionKey[];
export const GENERATED_KEYS = SECTION_PLAN.filter((s) => s.source !== null).map((s) => s.key) as SectionKey[];

export const SECTION_TITLE_MAX = 120;
export const SECTION_BODY_MAX = 20_000;
export const CHANGE_SUMMARY_MAX = 2_000;

export interface ManualSection {
  key: string;
  title: string;
  body: string;
  generated: boolean;
  /** Generated sections only: which settings they mirror. */
  source?: SectionSource;
}

/** A stored section as read back from the JSON column (validated: the column is only ever written by this code). */
export const storedSectionSchema = z.object({
  key: z.string().min(1).max(40),
  title: z.string().max(SECTION_TITLE_MAX),
  body: z.string().max(SECTION_BODY_MAX * 2),
  generated: z.boolean(),
  source: z.enum(SECTION_SOURCES).optional(),
});
export const storedSectionsSchema = z.array(storedSectionSchema).max(40);

export function readSections(json: unknown): ManualSection[] {
  return storedSectionsSchema.parse(json);
}

/**
 * The version's sections with the generated ones replaced by `generated` (same keys), in the plan's
 * order: editable text stays as the officer left it; a key missing from `current` takes its default.
 */
export function mergeSections(current: ManualSection[], generated: ManualSection[], defaults: ManualSection[]): ManualSection[] {
  const byKey = new Map(current.map((s) => [s.key, s]));
  const gen = new Map(generated.map((s) => [s.key, s]));
  const def = new Map(defaults.map((s) => [s.key, s]));
  return SECTION_PLAN.map(({ key, source }) => {
    if (source) {
      const g = gen.get(key);
      if (!g) throw new Error(`Generated section ${key} is missing`);
      return g;
    }
    const s = byKey.get(key) ?? def.get(key);
    if (!s) throw new Error(`Section ${key} has no default text`);
    return { key, title: s.title, body: s.body, generated: false };
  });
}

/** Whether two section lists say the same in their generated sections. */
export function sameGenerated(a: ManualSection[], b: ManualSection[]): boolean {
  const pick = (list: ManualSection[]) => JSON.stringify(list.filter((s) => s.generated).map((s) => [s.key, s.title, s.body, s.source ?? null]));
  return pick(a) === pick(b);
}

/** The generated sections whose text differs between two lists (keys), for the audit trail. */
export function changedGeneratedKeys(before: ManualSection[], after: ManualSection[]): string[] {
  const old = new Map(before.map((s) => [s.key, s]));
  return after.filter((s) => s.generated).filter((s) => {
    const o = old.get(s.key);
    return !o || o.title !== s.title || o.body !== s.body || !o.generated;
  }).map((s) => s.key);
}
