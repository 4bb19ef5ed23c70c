// Features of the learned text model, shared by training (scripts/train-text-model.ts) and scanning.
// Token features (token-features.ts) feed the tagger (PHI type per token); document features (here)
// feed the verdict classifier. Every feature is (template, value) hashed into a bucket (hash.ts);
// readable "template=value" names are built only to explain a flagged text's strongest cues.
import { PHI_TYPES } from "../../types.js";
import type { Candidate } from "../candidate.js";
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { hashFeature, hashJoined } from "./hash.js";
import { VOCAB_MEDICAL, vocabBits } from "./vocab.js";

/** Tag set: 0 = not PHI, 1.. = PHI_TYPES in order. */
export const LABELS = ["O", ...PHI_TYPES] as const;

/** Template ids. Their names are what explanations show (see explain.ts). */
export const T = {
  bias: 1, word: 2, shape: 3, prefix: 4, suffix3: 5, suffix2: 6, caps: 7, lex: 8, prev1: 9, prev2: 10, next1: 11,
  next2: 12, prevShape: 13, nextShape: 14, prevWord: 15, nextWord: 16, rule: 17, rulePrev: 18, ruleNext: 19, cue: 20,
  cueBefore: 21, anchor: 22, kindRule: 23, kindLex: 24, tokenKind: 25, sentence: 26, lexPrev: 27, lexNext: 28, cueAfter: 29,
  // document templates
  char: 100, unigram: 101, bigram: 102, kind: 103, ruleVerdict: 104, ruleReason: 105, ruleFinding: 106, docAnchor: 107,
  tagged: 108, taggedPair: 109, kindTagged: 110, vocabDoc: 111, channel: 112, kindAnchor: 113,
} as const;

/** Tokens the tagger labels (punctuation and emoji only serve as context). */
export function taggable(token: Token): boolean {
  return token.kind !== "punct" && token.kind !== "emoji";
}

/** The shape character of text[i]: X upper, x lower, d digit, anything else as itself. */
function shapeCode(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 65 && code <= 90) return 88;
  if (code >= 97 && code <= 122) return 120;
  if (code >= 48 && code <= 57) return 100;
  if (code <= 127) return code;
  const ch = text[i] as string;
  return ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? 88 : 120;
}

/** "Kinsley" → "Xxx", "555-0100" → "ddd-dd": runs cut at 2, at most 12 characters. */
export function shapeOf(text: string): string {
  const codes: number[] = [];
  let last = -1;
  let run = 0;
  for (let i = 0; i < text.length && codes.length < 12; i++) {
    const c = shapeCode(text, i);
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 2) codes.push(c);
  }
  return String.fromCharCode(...codes);
}

/** hashString(shapeOf(text)) without building the shape (the tagger's hot path). */
export function shapeHash(text: string): number {
  let hash = 2166136261;
  let last = -1;
  let run = 0;
  for (let i = 0, length = 0; i < text.length && length < 12; i++) {
    const c = shapeCode(text, i);
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 2) { hash = Math.imul(hash ^ c, 16777619); length++; }
  }
  return hash >>> 0;
}

export function ruleCode(candidate: Candidate): string {
  return `${candidate.type}:${candidate.role ?? candidate.subtype}`;
}

/** A predicted span of the tagger, in token positions and characters. */
export interface TaggedSpan {
  label: number;
  start: number;
  end: number;
  sentence: number;
  confidence: number;
}

export interface DocFeatures {
  hashes: Uint32Array;
  values: Float64Array;
  /** Readable names of the structured features (the last names.length entries of hashes). */
  names?: string[];
}

/** Appends (hash, value) pairs into typed arrays: a 20 KB window holds ~80,000 n-gram features. */
class DocBuilder {
  hashes: Uint32Array;
  values: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.hashes = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
  }
  push(hash: number, value: number): void {
    if (this.size === this.hashes.length) {
      const hashes = new Uint32Array(this.size * 2);
      const values = new Float64Array(this.size * 2);
      hashes.set(this.hashes);
      values.set(this.values);
      this.hashes = hashes;
      this.values = values;
    }
    this.hashes[this.size] = hash;
    this.values[this.size++] = value;
  }
  /** Sets the value of entries [from, size) to 1/sqrt(count): each n-gram family weighs the same whatever the length. */
  normalizeFrom(from: number): void {
    const value = 1 / Math.sqrt(this.size - from || 1);
    this.values.fill(value, from, this.size);
  }
  done(): DocFeatures {
    return { hashes: this.hashes.subarray(0, this.size), values: this.values.subarray(0, this.size) };
  }
}

function ngramsInto(out: DocBuilder, text: string): void {
  const lower = text.toLowerCase().replace(/\s+/g, " ");
  const charStart = out.size;
  // The 2..5-grams starting at i share their prefix: FNV runs once over 5 characters and emits a
  // hash after each, the same values as hashFeature(T.char, lower.slice(i, i + n)).
  const seed = Math.imul((2166136261 ^ T.char) >>> 0, 16777619);
  for (let i = 0; i < lower.length; i++) {
    let hash = Math.imul(seed ^ lower.charCodeAt(i), 16777619);
    const end = Math.min(lower.length, i + 5);
    for (let j = i + 1; j < end; j++) {
      hash = Math.imul(hash ^ lower.charCodeAt(j), 16777619);
      out.push(hash >>> 0, 0);
    }
  }
  out.normalizeFrom(charStart);
  const words = lower.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const wordStart = out.size;
  for (let i = 0; i < words.length; i++) {
    out.push(hashFeature(T.unigram, words[i] ?? ""), 0);
    if (i + 1 < words.length) out.push(hashJoined(T.bigram, words[i] ?? "", " ", words[i + 1] ?? ""), 0);
  }
  out.normalizeFrom(wordStart);
}

/** N-gram features only (the baseline uses just these; the model adds the structured ones below). */
export function ngramFeatures(text: string): DocFeatures {
  const out = new DocBuilder(text.length * 5 + 64);
  ngramsInto(out, text);
  return out.done();
}

/** Structured document features: rules' verdict and findings, anchors, the tagger's spans, vocabulary. */
export function docFeatures(analysis: RuleAnalysis, spans: TaggedSpan[], channel: string | undefined): DocFeatures {
  const text = analysis.context.text;
  const out = new DocBuilder(text.length * 5 + 256);
  ngramsInto(out, text);
  const names: string[] = [];
  const kind = analysis.context.kind;
  const add = (template: number, value: string): void => {
    out.push(hashFeature(template, value), 1);
    names.push(`${template}=${value}`);
  };
  add(T.kind, kind);
  if (channel) add(T.channel, channel);
  add(T.ruleVerdict, `${kind}|${analysis.verdict}`);
  for (const reason of analysis.reasons) add(T.ruleReason, reason);
  for (const candidate of analysis.candidates) add(T.ruleFinding, `${ruleCode(candidate)}|${candidate.subtype}`);
  const docAnchors = new Set<string>();
  for (const anchors of analysis.anchors.values()) for (const [key, value] of Object.entries(anchors)) if (value) docAnchors.add(key);
  for (const key of docAnchors) {
    add(T.docAnchor, key);
    add(T.kindAnchor, `${kind}|${key}`);
  }
  const counts = new Map<number, number>();
  const bestByLabel = new Map<number, number>();
  const sentencesByLabel = new Map<number, Set<number>>();
  for (const span of spans) {
    counts.set(span.label, (counts.get(span.label) ?? 0) + 1);
    bestByLabel.set(span.label, Math.max(bestByLabel.get(span.label) ?? -Infinity, span.confidence));
    const set = sentencesByLabel.get(span.label) ?? new Set<number>();
    set.add(span.sentence);
    sentencesByLabel.set(span.label, set);
  }
  for (const [label, count] of counts) {
    const type = LABELS[label] ?? "?";
    const best = bestByLabel.get(label) ?? 0;
    add(T.tagged, `${type}|${count > 2 ? "3+" : count}`);
    add(T.tagged, `${type}|conf${best > 0.9 ? "9" : best > 0.7 ? "7" : "5"}`);
    add(T.kindTagged, `${kind}|${type}`);
  }
  const nameLabel = LABELS.indexOf("NAME");
  const healthLabel = LABELS.indexOf("HEALTH");
  const nameSentences = sentencesByLabel.get(nameLabel);
  const healthSentences = sentencesByLabel.get(healthLabel);
  if (nameSentences && healthSentences) {
    const same = [...nameSentences].some((s) => healthSentences.has(s) || healthSentences.has(s + 1));
    add(T.taggedPair, same ? "NAME+HEALTH same" : "NAME+HEALTH apart");
  }
  if (healthSentences) {
    for (const sentence of healthSentences) {
      const anchors = analysis.anchors.get(sentence);
      if (!anchors) continue;
      for (const [key, value] of Object.entries(anchors)) if (value) add(T.taggedPair, `HEALTH+${key}`);
    }
  }
  let medical = 0;
  for (const token of analysis.context.tokens) if (token.kind === "word" && vocabBits(token.base) & VOCAB_MEDICAL) medical++;
  add(T.vocabDoc, `medical${medical > 3 ? "4+" : medical}`);
  add(T.vocabDoc, `${kind}|medical${medical > 0 ? "+" : "0"}`);
  return { ...out.done(), names };
}
