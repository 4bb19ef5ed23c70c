// Token features of the learned tagger (PHI type per token), shared by training and scanning.
// Hot path: every value (a word, a shape, a lexicon code…) is hashed ONCE per text into a number,
// and a feature is that number mixed with its template id (hash.ts mixFeature): no feature string
// and no per-token array is built. Readable "template=value" names are built only to explain a
// flagged text's spans (tokenFeatureNamer), with the same hashes.
import { CUE } from "../cues.js";
import { isWordy, kindOf, mayStartHealthTerm, rankOf, tokenInfo } from "../lexicons.js";
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { ruleCode, shapeHash, shapeOf, T, taggable } from "./features.js";
import { hashString, mixFeature } from "./hash.js";
import { VOCAB_MEDICAL, VOCAB_ORDINARY, VOCAB_PROPER, vocabBits } from "./vocab.js";

/** A small interned value (lexicon code, cue name, anchor key…): its name and its hash, fixed per process. */
const codeIds = new Map<string, number>();
const codeNames: string[] = [];
const codeHashes: number[] = [];
function code(name: string): number {
  let id = codeIds.get(name);
  if (id === undefined) {
    id = codeNames.length;
    codeIds.set(name, id);
    codeNames.push(name);
    codeHashes.push(hashString(name));
  }
  return id;
}

// Lexicon codes of a word token, in the order they are listed (the first one feeds T.anchor).
const LEX_ORDER = ["given", "surname", "wordy", "rare", "top300", "top3k", "top10k", "medical", "dict", "proper", "healthHead", "unknown"].map(code);
const MEDICAL_BIT = 1 << 7;
/** One shared, frozen id list per distinct lexicon bit mask (a handful per text), never one per token. */
const lexListCache = new Map<number, readonly number[]>();
function lexList(mask: number): readonly number[] {
  let list = lexListCache.get(mask);
  if (!list) {
    list = Object.freeze(LEX_ORDER.filter((_, bit) => mask & (1 << bit)));
    lexListCache.set(mask, list);
  }
  return list;
}
const kindLists = new Map<string, readonly number[]>();
function kindList(kind: string): readonly number[] {
  let list = kindLists.get(kind);
  if (!list) kindLists.set(kind, (list = Object.freeze([code(kind)])));
  return list;
}

/** Lexicon facts of a token: name lists, frequency rank, medical/ordinary/proper lists (code ids). */
function lexOf(analysis: RuleAnalysis, token: Token): readonly number[] {
  if (token.kind !== "word") return kindList(token.kind);
  const info = tokenInfo(analysis.context.lexicons, token);
  const kind = kindOf(info);
  const rank = rankOf(info);
  const bits = vocabBits(token.base);
  let mask = kind === 1 ? 1 : kind === 2 ? 2 : 0;
  if (isWordy(info)) mask |= 4;
  mask |= rank === 0 ? 8 : rank <= 300 ? 16 : rank <= 3000 ? 32 : 64;
  if (bits & VOCAB_MEDICAL) mask |= MEDICAL_BIT;
  if (bits & VOCAB_ORDINARY) mask |= 256;
  if (bits & VOCAB_PROPER) mask |= 512;
  if (mayStartHealthTerm(info)) mask |= 1024;
  if (rank === 0 && kind === 0 && bits === 0) mask |= 2048;
  return lexList(mask);
}

const CUE_BITS: [number, number][] = Object.entries(CUE).map(([name, bit]) => [bit, code(name.toLowerCase())]);
const NONE = code("<none>");
const NO_RULE = code("-");
const EMPTY = code("");
const NONE_LIST = Object.freeze([NONE]);
const CAPS = ["cap|first", "low|first", "cap|inner", "low|inner"].map(code);
const CAP = code("cap");
const LOW = code("low");
const MEDICAL = code("medical");
const HEALTH = code("health");

/**
 * Per-text facts the token features read, computed once per text. Values are kept as hashes only:
 * their strings (wordOf, shapeOf) are rebuilt by the explainer for the few tokens it names.
 */
export interface TokenContext {
  lex: (readonly number[])[];
  /** Per token: code id of the rule candidate covering it ("NAME:patient"), or NO_RULE. */
  rules: Int32Array;
  sentences: Map<number, number[]>;
  wordHashes: Uint32Array;
  shapeHashes: Uint32Array;
  kind: number;
}

function ruleCodes(analysis: RuleAnalysis): Int32Array {
  const tokens = analysis.context.tokens;
  const codes = new Int32Array(tokens.length).fill(NO_RULE);
  if (analysis.candidates.length === 0) return codes;
  let t = 0;
  const sorted = [...analysis.candidates].sort((a, b) => a.start - b.start);
  for (const candidate of sorted) {
    while (t < tokens.length && (tokens[t]?.end ?? 0) <= candidate.start) t++;
    let id = -1;
    for (let i = t; i < tokens.length && (tokens[i]?.start ?? 0) < candidate.end; i++) {
      if (codes[i] === NO_RULE) codes[i] = id < 0 ? (id = code(ruleCode(candidate))) : id;
    }
  }
  return codes;
}

/** Sentence facts: anchors from the rules plus "a medical word / a health finding is in this sentence". */
function sentenceCodes(analysis: RuleAnalysis, lex: (readonly number[])[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const { tokens } = analysis.context;
  const addTo = (sentence: number, id: number): void => {
    const list = out.get(sentence);
    if (!list) out.set(sentence, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const [sentence, anchors] of analysis.anchors) {
    const list: number[] = [];
    for (const [key, value] of Object.entries(anchors)) if (value) list.push(code(key));
    out.set(sentence, list);
  }
  for (let i = 0; i < tokens.length; i++) if ((lex[i] ?? []).includes(MEDICAL)) addTo((tokens[i] as Token).sentence, MEDICAL);
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

function wordOf(token: Token): string {
  if (token.kind === "number") return shapeOf(token.text);
  if (token.kind === "word") return token.base;
  if (token.kind === "punct" || token.kind === "emoji") return token.text.slice(0, 2);
  return `<${token.kind}>`;
}

export function tokenContext(analysis: RuleAnalysis): TokenContext {
  const { tokens } = analysis.context;
  const n = tokens.length;
  const lex = new Array<readonly number[]>(n);
  const wordHashes = new Uint32Array(n);
  const shapeHashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const token = tokens[i] as Token;
    lex[i] = lexOf(analysis, token);
    wordHashes[i] = wordHash(token);
    shapeHashes[i] = shapeHash(token.text);
  }
  return { lex, rules: ruleCodes(analysis), sentences: sentenceCodes(analysis, lex), wordHashes, shapeHashes, kind: code(analysis.context.kind) };
}

/**
 * Receives one feature: its template and value parts as (hash, name) pairs; the names are only read
 * by the explainer. Parts join as "a|b|c" in names.
 */
type Add = (template: number, ha: number, a: string, hb?: number, b?: string, hc?: number, c?: string) => void;


const NO_CODES: readonly number[] = Object.freeze([]);

function wordName(tokens: Token[], j: number, naming: boolean): string {
  return !naming ? "" : j < 0 || j >= tokens.length ? "<none>" : wordOf(tokens[j] as Token);
}

function shapeName(tokens: Token[], j: number, naming: boolean): string {
  return !naming ? "" : j < 0 || j >= tokens.length ? "<none>" : shapeOf((tokens[j] as Token).text);
}

/** Features of token i; value names are built only when `naming` (else ""). */
function featuresAt(tokens: Token[], c: TokenContext, i: number, add: Add, naming: boolean): void {
  const token = tokens[i] as Token;
  const last = tokens.length - 1;
  const word = wordName(tokens, i, naming);
  const wordHash = c.wordHashes[i] as number;
  const prevHash = i > 0 ? (c.wordHashes[i - 1] as number) : codeHashes[NONE]!;
  const prevWord = wordName(tokens, i - 1, naming);
  const nextHash = i < last ? (c.wordHashes[i + 1] as number) : codeHashes[NONE]!;
  const nextWord = wordName(tokens, i + 1, naming);
  add(T.bias, codeHashes[EMPTY]!, "");
  add(T.word, wordHash, word);
  add(T.shape, c.shapeHashes[i] as number, shapeName(tokens, i, naming));
  const kindId = code(token.kind);
  add(T.tokenKind, codeHashes[kindId]!, token.kind);
  if (token.kind === "word") {
    const base = token.base;
    const len = base.length;
    add(T.prefix, hashString(base, 0, Math.min(3, len)), naming ? base.slice(0, 3) : "");
    add(T.suffix3, hashString(base, Math.max(0, len - 3), len), naming ? base.slice(-3) : "");
    add(T.suffix2, hashString(base, Math.max(0, len - 2), len), naming ? base.slice(-2) : "");
  }
  const cap = token.capitalized ? CAP : LOW;
  const caps = CAPS[(token.position === 0 ? 0 : 2) + (token.capitalized ? 0 : 1)] as number;
  add(T.caps, codeHashes[caps]!, codeNames[caps]!);
  const tokenLex = c.lex[i] as readonly number[];
  const kind = c.kind;
  for (const id of tokenLex) {
    add(T.lex, codeHashes[id]!, codeNames[id]!);
    add(T.kindLex, codeHashes[kind]!, codeNames[kind]!, codeHashes[id]!, codeNames[id]!, codeHashes[caps]!, codeNames[caps]!);
  }
  for (const id of i > 0 ? (c.lex[i - 1] as readonly number[]) : NONE_LIST) add(T.lexPrev, codeHashes[id]!, codeNames[id]!);
  for (const id of i < last ? (c.lex[i + 1] as readonly number[]) : NONE_LIST) add(T.lexNext, codeHashes[id]!, codeNames[id]!);
  add(T.prev1, prevHash, prevWord);
  add(T.prev2, i > 1 ? (c.wordHashes[i - 2] as number) : codeHashes[NONE]!, wordName(tokens, i - 2, naming));
  add(T.next1, nextHash, nextWord);
  add(T.next2, i < last - 1 ? (c.wordHashes[i + 2] as number) : codeHashes[NONE]!, wordName(tokens, i + 2, naming));
  add(T.prevShape, i > 0 ? (c.shapeHashes[i - 1] as number) : codeHashes[NONE]!, shapeName(tokens, i - 1, naming));
  add(T.nextShape, i < last ? (c.shapeHashes[i + 1] as number) : codeHashes[NONE]!, shapeName(tokens, i + 1, naming));
  add(T.prevWord, prevHash, prevWord, wordHash, word);
  add(T.nextWord, wordHash, word, nextHash, nextWord);
  const rule = c.rules[i] as number;
  add(T.rule, codeHashes[rule]!, codeNames[rule]!);
  const rulePrev = i > 0 ? (c.rules[i - 1] as number) : NO_RULE;
  const ruleNext = i < last ? (c.rules[i + 1] as number) : NO_RULE;
  add(T.rulePrev, codeHashes[rulePrev]!, codeNames[rulePrev]!);
  add(T.ruleNext, codeHashes[ruleNext]!, codeNames[ruleNext]!);
  add(T.kindRule, codeHashes[kind]!, codeNames[kind]!, codeHashes[rule]!, codeNames[rule]!);
  addCues(add, T.cue, token.cue);
  for (let j = Math.max(0, i - 3); j < i; j++) addCues(add, T.cueBefore, (tokens[j] as Token).cue);
  for (let j = i + 1; j <= Math.min(last, i + 2); j++) addCues(add, T.cueAfter, (tokens[j] as Token).cue);
  const first = tokenLex[0];
  for (const id of c.sentences.get(token.sentence) ?? NO_CODES) {
    add(T.sentence, codeHashes[id]!, codeNames[id]!);
    add(T.anchor, codeHashes[id]!, codeNames[id]!, first === undefined ? codeHashes[EMPTY]! : codeHashes[first]!, first === undefined ? "" : codeNames[first]!, codeHashes[cap]!, codeNames[cap]!);
  }
}

function addCues(add: Add, template: number, cue: number): void {
  if (cue === 0) return;
  for (const [bit, id] of CUE_BITS) if (cue & bit) add(template, codeHashes[id]!, codeNames[id]!);
}

export interface TokenFeatures {
  /** Indices (into context.tokens) of the tagged tokens, in order. */
  positions: number[];
  /** Hashed features of tagged token p: hashes[offsets[p] .. offsets[p + 1]). */
  hashes: Uint32Array;
  offsets: Uint32Array;
  /** The per-text facts, kept so explaining spans does not recompute them. */
  context: TokenContext;
}

/** Token features for every taggable token, in one flat typed array. */
export function tokenFeatures(analysis: RuleAnalysis): TokenFeatures {
  const { tokens } = analysis.context;
  const c = tokenContext(analysis);
  const positions: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (taggable(tokens[i] as Token)) positions.push(i);
  const offsets = new Uint32Array(positions.length + 1);
  let hashes = new Uint32Array(Math.max(64, positions.length * 48));
  let size = 0;
  // mixFeature, inlined: this runs ~45 times per token, and a long text's first window runs before
  // the JIT has optimized it, when every call costs.
  const add: Add = (template, ha, _a, hb, _b, hc) => {
    if (size === hashes.length) {
      const grown = new Uint32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    let h = Math.imul(template, 0x9e3779b1) ^ ha;
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    if (hb !== undefined) {
      h = Math.imul(h, 0x9e3779b1) ^ hb;
      h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
      if (hc !== undefined) {
        h = Math.imul(h, 0x9e3779b1) ^ hc;
        h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
      }
    }
    hashes[size++] = h >>> 0;
  };
  for (let p = 0; p < positions.length; p++) {
    featuresAt(tokens, c, positions[p] as number, add, false);
    offsets[p + 1] = size;
  }
  return { positions, hashes: hashes.subarray(0, size), offsets, context: c };
}

/**
 * Readable "template=value" names, with their weights, of the features of some tokens that weigh
 * more than 0 by `weightOf(hash)` (explanations only; hashes as tokenFeatures gives them). Names
 * are built only for those features: most weigh nothing or push the other way.
 */
export function tokenFeatureNamer(analysis: RuleAnalysis, context?: TokenContext): (indices: number[], weightOf: (hash: number) => number) => { name: string; weight: number }[] {
  const c = context ?? tokenContext(analysis);
  const { tokens } = analysis.context;
  return (indices, weightOf) => {
    const out: { name: string; weight: number }[] = [];
    for (const i of indices) {
      featuresAt(tokens, c, i, (template, ha, a, hb, b, hc, d) => {
        const weight = weightOf(mixFeature(template, ha, hb, hc));
        if (!(weight > 0)) return;
        const value = hb === undefined ? a : hc === undefined ? `${a}|${b}` : `${a}|${b}|${d}`;
        out.push({ name: `${template}=${value}`, weight });
      }, true);
    }
    return out;
  };
}

