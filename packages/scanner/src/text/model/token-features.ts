// Token features of the learned tagger (PHI type per token), shared by training and scanning.
// Hot path: every value (a word, a shape, a lexicon code…) is hashed ONCE per text into a number,
// and a feature is that number mixed with its template id (hash.ts mixFeature), written straight
// into one typed array: no feature string, no closure call and no per-token array. Readable
// "template=value" names are built only to explain a flagged text's spans (token-names.ts lists the
// same features in the same order; a test holds the two together). The per-text values they mix
// are in token-context.ts.
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { T, taggable } from "./features.js";
import { CAP, CAPS, codeHashes, CUE_IDS, EMPTY, kindCode, LOW, NO_RULE, NONE, NONE_LIST, tokenContext, type TokenContext } from "./token-context.js";
import { Buf, take, type Workspace } from "./workspace.js";

const NO_CODES: readonly number[] = Object.freeze([]);
const GOLDEN = 0x9e3779b1;

// mixFeature (hash.ts) of 1, 2 or 3 value hashes, written straight into out[at]. Small enough for
// the JIT to inline; and a helper that returned a hash above 2^30 would hand it back boxed.
function put1(out: Uint32Array, at: number, template: number, a: number): void {
  let h = Math.imul(template, GOLDEN) ^ a;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  out[at] = h;
}
function put2(out: Uint32Array, at: number, template: number, a: number, b: number): void {
  let h = Math.imul(template, GOLDEN) ^ a;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  h = Math.imul(h, GOLDEN) ^ b;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  out[at] = h;
}
function put3(out: Uint32Array, at: number, template: number, a: number, b: number, c: number): void {
  let h = Math.imul(template, GOLDEN) ^ a;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  h = Math.imul(h, GOLDEN) ^ b;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  h = Math.imul(h, GOLDEN) ^ c;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  out[at] = h;
}

/** hashString(value, start, end) as int32 (same bits), unboxed. */
function fnv32(value: string, start: number, end: number): number {
  let hash = 2166136261 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 16777619);
  return hash;
}

/** Most features one token can have (lexicon codes, cues of 6 neighbours, sentence codes): room to reserve. */
const MAX_PER_TOKEN = 512;

/**
 * Hashed features of token i written to out[size..]; returns the new size. The order and the
 * features are token-names.ts's namedFeaturesAt (explanations rely on it).
 */
function hashesAt(tokens: Token[], c: TokenContext, i: number, out: Uint32Array, size: number): number {
  const token = tokens[i] as Token;
  const kindId = kindCode(token.kind);
  const last = tokens.length - 1;
  const words = c.wordHashes;
  const shapes = c.shapeHashes;
  // Read after kindCode, the one call here that may intern a new code (and grow codeHashes).
  const codes = codeHashes;
  const none = codes[NONE]!;
  const wordHash = words[i]!;
  const prevHash = i > 0 ? words[i - 1]! : none;
  const nextHash = i < last ? words[i + 1]! : none;
  put1(out, size++, T.bias, codes[EMPTY]!);
  put1(out, size++, T.word, wordHash);
  put1(out, size++, T.shape, shapes[i]!);
  put1(out, size++, T.tokenKind, codes[kindId]!);
  if (token.kind === "word") {
    const base = token.base;
    const len = base.length;
    put1(out, size++, T.prefix, fnv32(base, 0, Math.min(3, len)));
    put1(out, size++, T.suffix3, fnv32(base, Math.max(0, len - 3), len));
    put1(out, size++, T.suffix2, fnv32(base, Math.max(0, len - 2), len));
  }
  const cap = token.capitalized ? CAP : LOW;
  const capsHash = codes[CAPS[(token.position === 0 ? 0 : 2) + (token.capitalized ? 0 : 1)]!]!;
  put1(out, size++, T.caps, capsHash);
  const tokenLex = c.lex[i]!;
  const kindHash = codes[c.kind]!;
  for (let k = 0; k < tokenLex.length; k++) {
    const lexHash = codes[tokenLex[k]!]!;
    put1(out, size++, T.lex, lexHash);
    put3(out, size++, T.kindLex, kindHash, lexHash, capsHash);
  }
  const lexPrev = i > 0 ? c.lex[i - 1]! : NONE_LIST;
  for (let k = 0; k < lexPrev.length; k++) put1(out, size++, T.lexPrev, codes[lexPrev[k]!]!);
  const lexNext = i < last ? c.lex[i + 1]! : NONE_LIST;
  for (let k = 0; k < lexNext.length; k++) put1(out, size++, T.lexNext, codes[lexNext[k]!]!);
  put1(out, size++, T.prev1, prevHash);
  put1(out, size++, T.prev2, i > 1 ? words[i - 2]! : none);
  put1(out, size++, T.next1, nextHash);
  put1(out, size++, T.next2, i < last - 1 ? words[i + 2]! : none);
  put1(out, size++, T.prevShape, i > 0 ? shapes[i - 1]! : none);
  put1(out, size++, T.nextShape, i < last ? shapes[i + 1]! : none);
  put2(out, size++, T.prevWord, prevHash, wordHash);
  put2(out, size++, T.nextWord, wordHash, nextHash);
  const ruleHash = codes[c.rules[i]!]!;
  put1(out, size++, T.rule, ruleHash);
  put1(out, size++, T.rulePrev, codes[i > 0 ? c.rules[i - 1]! : NO_RULE]!);
  put1(out, size++, T.ruleNext, codes[i < last ? c.rules[i + 1]! : NO_RULE]!);
  put2(out, size++, T.kindRule, kindHash, ruleHash);
  size = cueHashes(T.cue, token.cue, out, size);
  for (let j = Math.max(0, i - 3); j < i; j++) size = cueHashes(T.cueBefore, tokens[j]!.cue, out, size);
  for (let j = i + 1; j <= Math.min(last, i + 2); j++) size = cueHashes(T.cueAfter, tokens[j]!.cue, out, size);
  const sentence = c.sentences[token.sentence] ?? NO_CODES;
  if (sentence.length > 0) {
    const first = tokenLex[0];
    const firstHash = first === undefined ? codes[EMPTY]! : codes[first]!;
    const capHash = codes[cap]!;
    for (let k = 0; k < sentence.length; k++) {
      const idHash = codes[sentence[k]!]!;
      put1(out, size++, T.sentence, idHash);
      put3(out, size++, T.anchor, idHash, firstHash, capHash);
    }
  }
  return size;
}

/** One feature per cue bit, lowest bit first (the order of CUE_BITS). */
function cueHashes(template: number, cue: number, out: Uint32Array, size: number): number {
  while (cue !== 0) {
    const bit = cue & -cue;
    cue ^= bit;
    put1(out, size++, template, codeHashes[CUE_IDS[31 - Math.clz32(bit)]!]!);
  }
  return size;
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

/**
 * Token features for every taggable token, in one flat typed array. With a workspace the arrays are
 * its buffers, valid until the next scan; without, they are the caller's to keep (training).
 */
export function tokenFeatures(analysis: RuleAnalysis, ws?: Workspace): TokenFeatures {
  const { tokens } = analysis.context;
  const c = tokenContext(analysis, ws);
  const positions: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (taggable(tokens[i] as Token)) positions.push(i);
  const count = positions.length;
  const offsets = take(ws, Buf.Offsets, Uint32Array, count + 1);
  offsets[0] = 0;
  let hashes = take(ws, Buf.TokenHashes, Uint32Array, count * 48 + MAX_PER_TOKEN);
  let size = 0;
  for (let p = 0; p < count; p++) {
    if (size + MAX_PER_TOKEN > hashes.length) {
      const grown = new Uint32Array(hashes.length * 2);
      grown.set(hashes.subarray(0, size));
      hashes = grown;
      ws?.keep(Buf.TokenHashes, hashes);
    }
    size = hashesAt(tokens, c, positions[p]!, hashes, size);
    offsets[p + 1] = size;
  }
  return {
    positions,
    hashes: hashes.subarray(0, size),
    offsets: ws ? offsets.subarray(0, count + 1) : offsets,
    context: c,
  };
}

/** The hashed features of one token (explanations: the few tokens of a span they name), in a workspace buffer when given. */
export function tokenHashes(tokens: Token[], context: TokenContext, i: number, ws?: Workspace): Uint32Array {
  const out = take(ws, Buf.Explained, Uint32Array, MAX_PER_TOKEN);
  return out.subarray(0, hashesAt(tokens, context, i, out, 0));
}
