// Readable names of the tagger's token features, for explanations only: namedFeaturesAt lists the
// features of one token in exactly the order token-features.ts hashes them (a test holds the two
// together), so the explainer pairs each name with the hash the tagger already computed.
import type { Token } from "../tokenize.js";
import { shapeOf, T } from "./features.js";
import { CAP, CAPS, CUE_BITS, codeNames, EMPTY, kindCode, LOW, NO_RULE, NONE_LIST, wordOf, type TokenContext } from "./token-context.js";

/**
 * Receives one feature, in order: its template and its value parts (joined as "a|b|c" in names).
 * Parts are thunks where building them costs (a shape string): most features are never named.
 */
export type NamedFeature = (template: number, a: string | (() => string), b?: string, c?: string) => void;

const NO_CODES: readonly number[] = Object.freeze([]);

function wordName(tokens: Token[], j: number): string {
  return j < 0 || j >= tokens.length ? "<none>" : wordOf(tokens[j] as Token);
}

function shapeName(tokens: Token[], j: number): () => string {
  return () => (j < 0 || j >= tokens.length ? "<none>" : shapeOf((tokens[j] as Token).text));
}

/** The features of token i, named, in token-features.ts's order. */
export function namedFeaturesAt(tokens: Token[], c: TokenContext, i: number, add: NamedFeature): void {
  const token = tokens[i] as Token;
  const last = tokens.length - 1;
  const word = wordName(tokens, i);
  const prevWord = wordName(tokens, i - 1);
  const nextWord = wordName(tokens, i + 1);
  add(T.bias, codeNames[EMPTY]!);
  add(T.word, word);
  add(T.shape, shapeName(tokens, i));
  add(T.tokenKind, codeNames[kindCode(token.kind)]!);
  if (token.kind === "word") {
    const base = token.base;
    add(T.prefix, base.slice(0, 3));
    add(T.suffix3, base.slice(-3));
    add(T.suffix2, base.slice(-2));
  }
  const cap = token.capitalized ? CAP : LOW;
  const caps = CAPS[(token.position === 0 ? 0 : 2) + (token.capitalized ? 0 : 1)] as number;
  add(T.caps, codeNames[caps]!);
  const tokenLex = c.lex[i] as readonly number[];
  const kind = codeNames[c.kind]!;
  for (const id of tokenLex) {
    add(T.lex, codeNames[id]!);
    add(T.kindLex, kind, codeNames[id]!, codeNames[caps]!);
  }
  for (const id of i > 0 ? (c.lex[i - 1] as readonly number[]) : NONE_LIST) add(T.lexPrev, codeNames[id]!);
  for (const id of i < last ? (c.lex[i + 1] as readonly number[]) : NONE_LIST) add(T.lexNext, codeNames[id]!);
  add(T.prev1, prevWord);
  add(T.prev2, wordName(tokens, i - 2));
  add(T.next1, nextWord);
  add(T.next2, wordName(tokens, i + 2));
  add(T.prevShape, shapeName(tokens, i - 1));
  add(T.nextShape, shapeName(tokens, i + 1));
  add(T.prevWord, prevWord, word);
  add(T.nextWord, word, nextWord);
  const rule = c.rules[i] as number;
  add(T.rule, codeNames[rule]!);
  add(T.rulePrev, codeNames[i > 0 ? (c.rules[i - 1] as number) : NO_RULE]!);
  add(T.ruleNext, codeNames[i < last ? (c.rules[i + 1] as number) : NO_RULE]!);
  add(T.kindRule, kind, codeNames[rule]!);
  addCues(add, T.cue, token.cue);
  for (let j = Math.max(0, i - 3); j < i; j++) addCues(add, T.cueBefore, (tokens[j] as Token).cue);
  for (let j = i + 1; j <= Math.min(last, i + 2); j++) addCues(add, T.cueAfter, (tokens[j] as Token).cue);
  const first = tokenLex[0];
  for (const id of c.sentences[token.sentence] ?? NO_CODES) {
    add(T.sentence, codeNames[id]!);
    add(T.anchor, codeNames[id]!, first === undefined ? "" : codeNames[first]!, codeNames[cap]!);
  }
}

function addCues(add: NamedFeature, template: number, cue: number): void {
  if (cue === 0) return;
  for (const [bit, id] of CUE_BITS) if (cue & bit) add(template, codeNames[id]!);
}

/** A feature's value as explanations read it: its parts joined as "a|b|c". */
export function featureValue(a: string | (() => string), b?: string, c?: string): string {
  const first = typeof a === "string" ? a : a();
  return b === undefined ? first : c === undefined ? `${first}|${b}` : `${first}|${b}|${c}`;
}
