// Readable cues for the learned model's decisions: which features pushed a token to a PHI type, and
// which document features pushed the verdict, phrased for a compliance officer.
import { LABELS, T, taggable, type DocFeatures, type TaggedSpan } from "./features.js";
import { rowOf, weightAt, type Table } from "./linear.js";
import { tokenContext, type TokenContext } from "./token-context.js";
import { tokenHashes } from "./token-features.js";
import type { Workspace } from "./workspace.js";
import { featureValue, namedFeaturesAt } from "./token-names.js";
import type { RuleAnalysis } from "../rules.js";

const LEX_PHRASES: Record<string, string> = {
  given: "a known given name", surname: "a known surname", medical: "a word of the medical dictionary",
  healthHead: "a health term", unknown: "an unfamiliar word", rare: "not an everyday word", proper: "a proper noun",
};
const CUE_PHRASES: Record<string, string> = {
  kin: "a family word", kin_owner: "“my/our/his/her”", person_title: "a courtesy title", patient_status: "a patient-status word",
  self: "the writer themself", singular_pronoun: "a pronoun for one person", person_noun: "a word for a person",
};
const TYPE_PHRASES: Record<string, string> = {
  NAME: "a name", HEALTH: "health information", DATE: "a date of someone's care", AGE: "an age over 89", CONTACT: "contact details",
  ID: "an identifier", LOCATION: "a location of a patient", PHOTO_REF: "a reference to a patient photo",
};

function phrase(template: number, value: string): string | undefined {
  switch (template) {
    case T.word: return `the word “${value}”`;
    case T.prev1: return `after “${value}”`;
    case T.next1: return `before “${value}”`;
    case T.prevWord: return `after “${value.split("|")[0]}”`;
    case T.nextWord: return `before “${value.split("|")[1]}”`;
    case T.lex: return LEX_PHRASES[value];
    case T.cue: return CUE_PHRASES[value];
    case T.cueBefore: return CUE_PHRASES[value] ? `after ${CUE_PHRASES[value]}` : undefined;
    case T.cueAfter: return CUE_PHRASES[value] ? `before ${CUE_PHRASES[value]}` : undefined;
    case T.rule: return value === "-" ? undefined : `the rules saw ${TYPE_PHRASES[value.split(":")[0] ?? ""] ?? value}`;
    case T.sentence: return value === "health" || value === "medical" ? "in a sentence with a health word" : value === "kin" ? "in a sentence about a relative" : value === "self" ? "in a sentence about the writer" : undefined;
    case T.ruleReason: return value;
    case T.docAnchor: return value === "kin" ? "a relative is mentioned" : value === "self" ? "the writer speaks about themself" : value === "describedPatient" ? "a patient is described" : value === "name" ? "a person is named" : undefined;
    case T.tagged: return value.includes("conf") ? undefined : `the tagger found ${TYPE_PHRASES[value.split("|")[0] ?? ""] ?? "PHI"}`;
    case T.kindTagged: return `the tagger found ${TYPE_PHRASES[value.split("|")[1] ?? ""] ?? "PHI"}`;
    case T.taggedPair: return value === "NAME+HEALTH same" ? "a name and health information in the same passage" : value.startsWith("HEALTH+") ? `health information ${value === "HEALTH+kin" ? "about a relative" : value === "HEALTH+self" ? "about the writer" : "about one person"}` : undefined;
    case T.vocabDoc: return value.startsWith("medical") && !value.endsWith("0") ? "medical vocabulary" : undefined;
    default: return undefined;
  }
}

/** A feature that pushed a decision: its template, its value ("a|b" for joined parts) and weight. */
export interface Cue {
  template: number;
  value: string;
  weight: number;
  /** "template=value", built only when two cues of the same weight need ordering. */
  name?: string;
}

const nameOf = (cue: Cue): string => (cue.name ??= `${cue.template}=${cue.value}`);

/**
 * The first `limit` distinct phrases of the cues in order of weight (highest first), then name. A
 * text has a few dozen cues: they are picked one at a time, as a few picks are all it takes; a
 * run-on text with thousands is sorted instead (picking would cost cues² when few of them phrase).
 */
export function topPhrases(cues: Cue[], limit: number, pickAtMost = PICK_AT_MOST): string[] {
  const out: string[] = [];
  if (cues.length > pickAtMost) {
    cues.sort((a, b) => b.weight - a.weight || (nameOf(a) < nameOf(b) ? -1 : 1));
    for (const cue of cues) {
      const text = phrase(cue.template, cue.value);
      if (text && !out.includes(text)) out.push(text);
      if (out.length >= limit) break;
    }
    return out;
  }
  for (let remaining = cues.length; remaining > 0; remaining--) {
    let best = 0;
    for (let i = 1; i < remaining; i++) {
      const cue = cues[i]!;
      const top = cues[best]!;
      if (cue.weight > top.weight || (cue.weight === top.weight && nameOf(cue) < nameOf(top))) best = i;
    }
    const picked = cues[best]!;
    cues[best] = cues[remaining - 1]!;
    const text = phrase(picked.template, picked.value);
    if (text && !out.includes(text)) out.push(text);
    if (out.length >= limit) break;
  }
  return out;
}
const PICK_AT_MOST = 48;

/** Token templates phrase() can say something about; the others are never named. */
const PHRASED_TOKEN_TEMPLATES = new Uint8Array(64);
for (const template of [T.word, T.prev1, T.next1, T.prevWord, T.nextWord, T.lex, T.cue, T.cueBefore, T.cueAfter, T.rule, T.sentence]) PHRASED_TOKEN_TEMPLATES[template] = 1;

/**
 * Explains tagged spans ("the learned tagger reads this as a name: after a family word, a known given
 * name"). Each feature's weight is read off the hash the tagger already computed; a name is built
 * only for a feature that pushes towards the span's type and that phrase() can say something about.
 */
export function spanExplainer(tagger: Table, analysis: RuleAnalysis, tagged?: { context: TokenContext }, ws?: Workspace): (span: TaggedSpan) => string {
  const { tokens } = analysis.context;
  let context = tagged?.context;
  return (span) => {
    context ??= tokenContext(analysis);
    const indices: number[] = [];
    // Binary search for the span's first token: long texts hold thousands of tokens and many spans.
    let low = 0;
    let high = tokens.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((tokens[middle]?.end ?? 0) <= span.start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token || token.end <= span.start || !taggable(token)) continue;
      // The first few tokens say enough; a run-on span (100 KB of "Aaaa") must not cost a sort of millions.
      if (token.start >= span.end || indices.length >= 6) break;
      indices.push(i);
    }
    const { weights, scale, mask } = tagger;
    const pairs: Cue[] = [];
    for (const i of indices) {
      const hashes = tokenHashes(tokens, context, i, ws);
      let at = 0;
      namedFeaturesAt(tokens, context, i, (template, a, b, c) => {
        const hash = hashes[at++]!;
        if (PHRASED_TOKEN_TEMPLATES[template] !== 1) return;
        const row = rowOf(tagger, hash & mask);
        if (row < 0) return;
        const weight = weights[row + span.label]! * scale - weights[row]! * scale;
        if (weight > 0) pairs.push({ template, value: featureValue(a, b, c), weight });
      });
    }
    const type = LABELS[span.label] ?? "PHI";
    const cues = topPhrases(pairs, 3);
    return `the learned tagger reads this as ${TYPE_PHRASES[type] ?? "PHI"}${cues.length ? `: ${cues.join(", ")}` : ""}`;
  };
}

/**
 * Top verdict cues of the classifier (structured features; n-grams are summed into one cue).
 * `ngram` is that sum when the caller has it (predict() computes it while scoring).
 */
export function explainVerdict(table: Table, doc: DocFeatures, limit = 3, ngram?: number): string[] {
  const templates = doc.templates ?? [];
  const labels = doc.labels ?? [];
  const structuredFrom = doc.hashes.length - templates.length;
  if (ngram === undefined) {
    ngram = 0;
    for (let i = 0; i < structuredFrom; i++) ngram += weightAt(table, doc.hashes[i]! & table.mask) * doc.values[i]!;
  }
  const pairs: Cue[] = [];
  for (let i = 0; i < templates.length; i++) {
    const row = rowOf(table, doc.hashes[structuredFrom + i]! & table.mask);
    const weight = row < 0 ? 0 : table.weights[row]! * table.scale;
    if (weight > 0) pairs.push({ template: templates[i]!, value: labels[i]!, weight });
  }
  const cues = topPhrases(pairs, limit);
  if (ngram > 0.5) cues.push("its wording resembles texts that disclosed PHI");
  return cues;
}
