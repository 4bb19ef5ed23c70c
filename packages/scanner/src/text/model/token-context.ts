// Per-text facts the tagger's token features read (token-features.ts hashes them, token-names.ts
// names them): every value (a word, a shape, a lexicon code…) is hashed ONCE per text. Small values
// are interned as codes with a fixed name and hash per process.
import { ANCHOR_KEYS, anchorBits } from "../anchors.js";
import { CUE } from "../cues.js";
import { isWordy, kindOf, mayStartHealthTerm, rankOf, tokenInfo, vocabOf } from "../lexicons.js";
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { ruleCode, shapeHash, shapeOf } from "./features.js";
import { hashString } from "./hash.js";
import { VOCAB_MEDICAL, VOCAB_ORDINARY, VOCAB_PROPER } from "./vocab.js";
import { Buf, take, type Workspace } from "./workspace.js";

/** A small interned value (lexicon code, cue name, anchor key…): its name and its hash, fixed per process. */
const codeIds = new Map<string, number>();
export const codeNames: string[] = [];
/** hashString(codeNames[id]) as int32 (same bits): an Int32Array element is read without boxing. */
export let codeHashes = new Int32Array(64);
export function code(name: string): number {
  let id = codeIds.get(name);
  if (id === undefined) {
    id = codeNames.length;
    codeIds.set(name, id);
    codeNames.push(name);
    if (id === codeHashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(codeHashes);
      codeHashes = grown;
    }
    codeHashes[id] = hashString(name) | 0;
  }
  return id;
}

// Lexicon codes of a word token, in the order they are listed (the first one feeds T.anchor).
const LEX_ORDER = ["given", "surname", "wordy", "rare", "top300", "top3k", "top10k", "medical", "dict", "proper", "healthHead", "unknown"].map(code);
const MEDICAL_BIT = 1 << 7;
/** One shared, frozen id list per distinct lexicon bit mask (a handful per text), never one per token. */
const lexListCache: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(1 << LEX_ORDER.length).fill(undefined);
function lexList(mask: number): readonly number[] {
  let list = lexListCache[mask];
  if (!list) {
    list = Object.freeze(LEX_ORDER.filter((_, bit) => mask & (1 << bit)));
    lexListCache[mask] = list;
  }
  return list;
}
const kindLists = new Map<string, readonly number[]>();
function kindList(kind: string): readonly number[] {
  let list = kindLists.get(kind);
  if (!list) kindLists.set(kind, (list = Object.freeze([code(kind)])));
  return list;
}

/** Lexicon facts of a word token as LEX_ORDER bits: name lists, frequency rank, medical/ordinary/proper lists. */
function lexMask(analysis: RuleAnalysis, token: Token): number {
  const info = tokenInfo(analysis.context.lexicons, token);
  const kind = kindOf(info);
  const rank = rankOf(info);
  const bits = vocabOf(info);
  let mask = kind === 1 ? 1 : kind === 2 ? 2 : 0;
  if (isWordy(info)) mask |= 4;
  mask |= rank === 0 ? 8 : rank <= 300 ? 16 : rank <= 3000 ? 32 : 64;
  if (bits & VOCAB_MEDICAL) mask |= MEDICAL_BIT;
  if (bits & VOCAB_ORDINARY) mask |= 256;
  if (bits & VOCAB_PROPER) mask |= 512;
  if (mayStartHealthTerm(info)) mask |= 1024;
  if (rank === 0 && kind === 0 && bits === 0) mask |= 2048;
  return mask;
}

export const CUE_BITS: [number, number][] = Object.entries(CUE).map(([name, bit]) => [bit, code(name.toLowerCase())]);
/** Code id of the cue whose bit is 1 << b (CUE's bits are 1, 2, 4…, listed in that order). */
export const CUE_IDS: number[] = [];
for (const [bit, id] of CUE_BITS) CUE_IDS[31 - Math.clz32(bit)] = id;
export const NONE = code("<none>");
export const NO_RULE = code("-");
export const EMPTY = code("");
export const NONE_LIST = Object.freeze([NONE]);
export const CAPS = ["cap|first", "low|first", "cap|inner", "low|inner"].map(code);
export const CAP = code("cap");
export const LOW = code("low");
const MEDICAL = code("medical");
const ANCHOR_CODES = ANCHOR_KEYS.map(code);
const HEALTH = code("health");
const KIND_IDS = new Map<string, number>();
/** Code id of a token kind ("word", "number"…). */
export function kindCode(kind: string): number {
  let id = KIND_IDS.get(kind);
  if (id === undefined) KIND_IDS.set(kind, (id = code(kind)));
  return id;
}

/**
 * Per-text facts the token features read, computed once per text. Values are kept as hashes only:
 * their strings (wordOf, shapeOf) are rebuilt by the explainer for the few tokens it names.
 */
export interface TokenContext {
  lex: (readonly number[])[];
  /** Per token: code id of the rule candidate covering it ("NAME:patient"), or NO_RULE. */
  rules: Int32Array;
  /** Per sentence number: its codes (anchors, then "medical", then "health"), or undefined. */
  sentences: (number[] | undefined)[];
  wordHashes: Uint32Array;
  shapeHashes: Uint32Array;
  kind: number;
}

function ruleCodes(analysis: RuleAnalysis, ws: Workspace | undefined): Int32Array {
  const tokens = analysis.context.tokens;
  const codes = take(ws, Buf.Rules, Int32Array, tokens.length).fill(NO_RULE, 0, tokens.length);
  if (analysis.candidates.length === 0) return codes;
  let t = 0;
  // analyzeRules already lists candidates by start; sorting a copy is then the same order.
  const candidates = analysis.candidates;
  let ordered = true;
  for (let k = 1; k < candidates.length && ordered; k++) ordered = candidates[k - 1]!.start <= candidates[k]!.start;
  const sorted = ordered ? candidates : [...candidates].sort((a, b) => a.start - b.start);
  for (const candidate of sorted) {
    while (t < tokens.length && (tokens[t]?.end ?? 0) <= candidate.start) t++;
    let id = -1;
    for (let i = t; i < tokens.length && (tokens[i]?.start ?? 0) < candidate.end; i++) {
      if (codes[i] === NO_RULE) codes[i] = id < 0 ? (id = code(ruleCode(candidate))) : id;
    }
  }
  return codes;
}

/**
 * Sentence facts: anchors from the rules plus "a medical word / a health finding is in this sentence".
 * `medical`: the sentence of each token whose lexicon codes include "medical", in token order.
 */
function sentenceCodes(analysis: RuleAnalysis, medical: number[]): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = [];
  const addTo = (sentence: number, id: number): void => {
    const list = out[sentence];
    if (!list) out[sentence] = [id];
    else if (!list.includes(id)) list.push(id);
  };
  for (const [sentence, anchors] of analysis.anchors) {
    const list: number[] = [];
    const bits = anchorBits(anchors);
    for (let k = 0; k < ANCHOR_KEYS.length; k++) if (bits & (1 << k)) list.push(ANCHOR_CODES[k]!);
    out[sentence] = list;
  }
  for (const sentence of medical) addTo(sentence, MEDICAL);
  for (const candidate of analysis.candidates) if (candidate.type === "HEALTH") addTo(candidate.sentence, HEALTH);
  return out;
}

const kindWordHashes = new Map<string, number>();

/** hashString(wordOf(token)), without building it. */
function wordHash(token: Token): number {
  if (token.kind === "number") return shapeHash(token.text);
  if (token.kind === "word") return hashString(token.base);
  if (token.kind === "punct" || token.kind === "emoji") return hashString(token.text, 0, Math.min(2, token.text.length));
  let hash = kindWordHashes.get(token.kind);
  if (hash === undefined) kindWordHashes.set(token.kind, (hash = hashString(`<${token.kind}>`)));
  return hash;
}

/** With a workspace, wordHashes, shapeHashes and rules are its buffers (valid until the next scan, maybe longer than tokens). */
export function tokenContext(analysis: RuleAnalysis, ws?: Workspace): TokenContext {
  const { tokens } = analysis.context;
  const n = tokens.length;
  const lex = new Array<readonly number[]>(n);
  const wordHashes = take(ws, Buf.WordHashes, Uint32Array, n);
  const shapeHashes = take(ws, Buf.ShapeHashes, Uint32Array, n);
  const medical: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = tokens[i] as Token;
    if (token.kind === "word") {
      const mask = lexMask(analysis, token);
      lex[i] = lexList(mask);
      if (mask & MEDICAL_BIT) medical.push(token.sentence);
    } else lex[i] = kindList(token.kind);
    wordHashes[i] = wordHash(token);
    shapeHashes[i] = shapeHash(token.text);
  }
  return { lex, rules: ruleCodes(analysis, ws), sentences: sentenceCodes(analysis, medical), wordHashes, shapeHashes, kind: code(analysis.context.kind) };
}

/** wordOf(token) without hashing it: what T.word and its neighbours name (explanations). */
export function wordOf(token: Token): string {
  if (token.kind === "number") return shapeOf(token.text);
  if (token.kind === "word") return token.base;
  if (token.kind === "punct" || token.kind === "emoji") return token.text.slice(0, 2);
  return `<${token.kind}>`;
}
