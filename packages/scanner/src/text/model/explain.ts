// Readable cues for the learned model's decisions: which features pushed a token to a PHI type, and
// which document features pushed the verdict, phrased for a compliance officer.
import { LABELS, T, taggable, type DocFeatures, type TaggedSpan } from "./features.js";
import { tokenFeatureNamer, type TokenContext } from "./token-features.js";
import { weightAt, type Table } from "./linear.js";
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

function topPhrases(pairs: { name: string; weight: number }[], limit: number): string[] {
  const out: string[] = [];
  for (const { name } of pairs.sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1))) {
    const cut = name.indexOf("=");
    const text = phrase(Number(name.slice(0, cut)), name.slice(cut + 1));
    if (text && !out.includes(text)) out.push(text);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Explains tagged spans ("the learned tagger reads this as a name: after a family word, a known given
 * name"). Feature names are built once per text, on first use: only flagged texts pay for them.
 */
export function spanExplainer(tagger: Table, analysis: RuleAnalysis, context?: TokenContext): (span: TaggedSpan) => string {
  const { tokens } = analysis.context;
  let namer: ReturnType<typeof tokenFeatureNamer> | undefined;
  return (span) => {
    namer ??= tokenFeatureNamer(analysis, context);
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
    const L = tagger.width;
    const pairs = namer(indices, (hash) => {
      const base = (hash & tagger.mask) * L;
      return weightAt(tagger, base + span.label) - weightAt(tagger, base);
    });
    const type = LABELS[span.label] ?? "PHI";
    const cues = topPhrases(pairs, 3);
    return `the learned tagger reads this as ${TYPE_PHRASES[type] ?? "PHI"}${cues.length ? `: ${cues.join(", ")}` : ""}`;
  };
}

/** Top verdict cues of the classifier (structured features; n-grams are summed into one cue). */
export function explainVerdict(table: Table, doc: DocFeatures, limit = 3): string[] {
  const names = doc.names ?? [];
  const structuredFrom = doc.hashes.length - names.length;
  let ngram = 0;
  for (let i = 0; i < structuredFrom; i++) ngram += weightAt(table, doc.hashes[i]! & table.mask) * doc.values[i]!;
  const pairs = names.map((name, i) => ({ name, weight: weightAt(table, doc.hashes[structuredFrom + i]! & table.mask) }));
  const cues = topPhrases(pairs.filter((p) => p.weight > 0), limit);
  if (ngram > 0.5) cues.push("its wording resembles texts that disclosed PHI");
  return cues;
}
