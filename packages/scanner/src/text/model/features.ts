// Features of the learned text model, shared by training (scripts/train-text-model.ts) and scanning.
// Token features (token-features.ts) feed the tagger (PHI type per token); document features (here)
// feed the verdict classifier. Every feature is (template, value) hashed into a bucket (hash.ts);
// readable "template=value" names are built only to explain a flagged text's strongest cues.
import { PHI_TYPES } from "../../types.js";
import type { Candidate } from "../candidate.js";
import { ANCHOR_KEYS, anchorBits } from "../anchors.js";
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { hashFeature } from "./hash.js";
import { tokenVocab, VOCAB_MEDICAL } from "./vocab.js";
import { Buf, take, type Workspace } from "./workspace.js";

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
  // Memoized per code unit: the case test builds three strings (emoji are in most social texts).
  let shape = nonAsciiShapes[code]!;
  if (shape === 0) {
    const ch = text[i] as string;
    nonAsciiShapes[code] = shape = ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? 88 : 120;
  }
  return shape;
}
/** shapeCode of each non-ASCII UTF-16 code unit, 0 until first asked (it depends on nothing else). */
const nonAsciiShapes = new Uint8Array(65536);

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
  /**
   * The structured features (the last templates.length entries of hashes): template ids and values.
   * Their readable "template=value" names are built only to explain a flagged text (explain.ts).
   */
  templates?: number[];
  labels?: string[];
}

/** Appends (hash, value) pairs into typed arrays: a 20 KB window holds ~80,000 n-gram features. */
class DocBuilder {
  hashes: Uint32Array;
  values: Float64Array;
  size = 0;
  constructor(capacity: number, private readonly ws?: Workspace) {
    this.hashes = take(ws, Buf.DocHashes, Uint32Array, capacity);
    this.values = take(ws, Buf.DocValues, Float64Array, capacity);
  }
  push(hash: number, value: number): void {
    if (this.size === this.hashes.length) this.reserve(1);
    this.hashes[this.size] = hash;
    this.values[this.size++] = value;
  }
  /**
   * Room for `extra` more entries, so a loop can write hashes[size++] directly (n-gram values are
   * all set afterwards by normalizeFrom).
   */
  reserve(extra: number): void {
    if (this.size + extra <= this.hashes.length) return;
    const capacity = Math.max(this.size + extra, this.hashes.length * 2);
    const hashes = new Uint32Array(capacity);
    const values = new Float64Array(capacity);
    hashes.set(this.hashes.subarray(0, this.size));
    values.set(this.values.subarray(0, this.size));
    this.hashes = hashes;
    this.values = values;
    this.ws?.keep(Buf.DocHashes, hashes);
    this.ws?.keep(Buf.DocValues, values);
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

/** Whitespace other than a lone " ": only then does collapsing runs of \s to " " change the text. */
const UNCOLLAPSED_RE = /[^\S ]|\s\s/;
/** One character of [\p{L}\p{N}] outside ASCII (the word pattern's first character). */
const LETTER_OR_DIGIT_RE = /^[\p{L}\p{N}]$/u;
const letterOrDigitCache = new Map<number, boolean>();

function isLetterOrDigit(codePoint: number): boolean {
  if (codePoint < 128) return (codePoint >= 97 && codePoint <= 122) || (codePoint >= 65 && codePoint <= 90) || (codePoint >= 48 && codePoint <= 57);
  let known = letterOrDigitCache.get(codePoint);
  if (known === undefined) {
    known = LETTER_OR_DIGIT_RE.test(String.fromCodePoint(codePoint));
    // Bounded: a text is ≤ 20,000 characters, so at most that many entries get added per scan.
    if (letterOrDigitCache.size < 65536) letterOrDigitCache.set(codePoint, known);
  }
  return known;
}

const FNV_PRIME = 16777619;

/** `lower` is text.toLowerCase() (the rules' context has it). */
function ngramsInto(out: DocBuilder, text: string, lower: string = text.toLowerCase()): void {
  if (UNCOLLAPSED_RE.test(lower)) lower = lower.replace(/\s+/g, " ");
  const charStart = out.size;
  // The 2..5-grams starting at i share their prefix: FNV runs once over 5 characters and emits a
  // hash after each, the same values as hashFeature(T.char, lower.slice(i, i + n)).
  const seed = Math.imul((2166136261 ^ T.char) >>> 0, FNV_PRIME);
  out.reserve(4 * lower.length);
  const hashes = out.hashes;
  let size = out.size;
  for (let i = 0; i < lower.length; i++) {
    let hash = Math.imul(seed ^ lower.charCodeAt(i), FNV_PRIME);
    const end = Math.min(lower.length, i + 5);
    for (let j = i + 1; j < end; j++) {
      hash = Math.imul(hash ^ lower.charCodeAt(j), FNV_PRIME);
      hashes[size++] = hash;
    }
  }
  out.size = size;
  out.normalizeFrom(charStart);
  const wordStart = out.size;
  wordGramsInto(out, lower);
  out.normalizeFrom(wordStart);
}

/**
 * Word 1- and 2-grams of the words /[\p{L}\p{N}][\p{L}\p{N}'’-]*\/gu matches, hashed as
 * hashFeature(T.unigram, word) and hashJoined(T.bigram, word, " ", next) would, in the order
 * unigram 0, bigram 0–1, unigram 1, bigram 1–2…, read in one pass without building the words.
 */
function wordGramsInto(out: DocBuilder, lower: string): void {
  const uniSeed = Math.imul((2166136261 ^ T.unigram) >>> 0, FNV_PRIME);
  const biSeed = Math.imul((2166136261 ^ T.bigram) >>> 0, FNV_PRIME);
  const length = lower.length;
  // Words are separated by at least one character: unigrams + bigrams <= length + 1.
  out.reserve(length + 1);
  const hashes = out.hashes;
  let size = out.size;
  let previous = false;
  let pending = 0; // bigram hash state after the previous word and " "
  let i = 0;
  while (i < length) {
    let codePoint = lower.codePointAt(i)!;
    if (!isLetterOrDigit(codePoint)) { i += codePoint > 0xffff ? 2 : 1; continue; }
    let uni = uniSeed;
    let left = biSeed;
    let right = pending;
    // Same FNV step as hashFeature, over UTF-16 code units (a pair is two of them).
    for (;;) {
      const width = codePoint > 0xffff ? 2 : 1;
      for (let k = i; k < i + width; k++) {
        const unit = lower.charCodeAt(k);
        uni = Math.imul(uni ^ unit, FNV_PRIME);
        left = Math.imul(left ^ unit, FNV_PRIME);
        right = Math.imul(right ^ unit, FNV_PRIME);
      }
      i += width;
      if (i >= length) break;
      codePoint = lower.codePointAt(i)!;
      if (!(codePoint === 39 || codePoint === 0x2019 || codePoint === 45 || isLetterOrDigit(codePoint))) break;
    }
    if (previous) hashes[size++] = right;
    hashes[size++] = uni;
    pending = Math.imul(left ^ 32, FNV_PRIME);
    previous = true;
  }
  out.size = size;
}

/** N-gram features only (the baseline uses just these; the model adds the structured ones below). */
export function ngramFeatures(text: string): DocFeatures {
  const out = new DocBuilder(text.length * 5 + 64);
  ngramsInto(out, text);
  return out.done();
}

/** Structured document features: rules' verdict and findings, anchors, the tagger's spans, vocabulary. */
/** With a workspace, the arrays are its buffers, valid until the next scan; without, the caller's to keep. */
export function docFeatures(analysis: RuleAnalysis, spans: TaggedSpan[], channel: string | undefined, ws?: Workspace): DocFeatures {
  const text = analysis.context.text;
  const out = new DocBuilder(text.length * 5 + 256, ws);
  ngramsInto(out, text, analysis.context.lower);
  const templates: number[] = [];
  const labels: string[] = [];
  const kind = analysis.context.kind;
  const add = (template: number, value: string): void => {
    out.push(hashFeature(template, value), 1);
    templates.push(template);
    labels.push(value);
  };
  add(T.kind, kind);
  if (channel) add(T.channel, channel);
  add(T.ruleVerdict, `${kind}|${analysis.verdict}`);
  for (const reason of analysis.reasons) add(T.ruleReason, reason);
  for (const candidate of analysis.candidates) add(T.ruleFinding, `${ruleCode(candidate)}|${candidate.subtype}`);
  // First-seen order over sentences, each sentence's keys in ANCHOR_KEYS order (Object.entries order).
  const docAnchors = new Set<string>();
  for (const anchors of analysis.anchors.values()) {
    const bits = anchorBits(anchors);
    for (let k = 0; k < ANCHOR_KEYS.length; k++) if (bits & (1 << k)) docAnchors.add(ANCHOR_KEYS[k]!);
  }
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
      const bits = anchorBits(anchors);
      for (let k = 0; k < ANCHOR_KEYS.length; k++) if (bits & (1 << k)) add(T.taggedPair, `HEALTH+${ANCHOR_KEYS[k]!}`);
    }
  }
  let medical = 0;
  const { lexicons } = analysis.context;
  for (const token of analysis.context.tokens) if (token.kind === "word" && tokenVocab(lexicons, token) & VOCAB_MEDICAL) medical++;
  add(T.vocabDoc, `medical${medical > 3 ? "4+" : medical}`);
  add(T.vocabDoc, `${kind}|medical${medical > 0 ? "+" : "0"}`);
  return { hashes: out.hashes.subarray(0, out.size), values: out.values.subarray(0, out.size), templates, labels };
}
