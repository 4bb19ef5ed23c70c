// The learned layer at scan time: tag tokens (Viterbi over hashed features), turn tags into spans,
// then score the verdict with logistic regressions over n-grams + rule outputs + the tagger's spans.
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { docFeatures, LABELS, type DocFeatures, type TaggedSpan } from "./features.js";
import { emissions, logisticPair, viterbi } from "./inference.js";
import { decodeTable, pairTables, type EncodedTable, type PairTable, type Table } from "./linear.js";
import type { TokenContext } from "./token-context.js";
import { tokenFeatures, type TokenFeatures } from "./token-features.js";
import type { Workspace } from "./workspace.js";

export interface TextModelFile {
  version: 1;
  generatedBy: string;
  /** The labelled files the shipped weights were fitted on (figures on these files are not held out). */
  trainedOn: string[];
  seed: number;
  tagger: EncodedTable;
  transitions: number[];
  marginScale: number;
  /** Subtracted (× marginScale) from the "not PHI" score before decoding: trades span precision for recall. */
  oPenalty: number;
  flag: { table: EncodedTable; bias: number };
  block: { table: EncodedTable; bias: number };
  /** pFlag at or above this flags the text (block or review). */
  threshold: number;
}

export interface TextModel {
  tagger: Table;
  transitions: Float32Array;
  marginScale: number;
  oPenalty: number;
  flag: Table;
  flagBias: number;
  block: Table;
  blockBias: number;
  /** flag and block side by side, for scoring (flag and block alone serve explanations and tests). */
  verdict: PairTable;
  threshold: number;
}

export function decodeModel(file: TextModelFile): TextModel {
  const flag = decodeTable(file.flag.table);
  const block = decodeTable(file.block.table);
  return {
    tagger: decodeTable(file.tagger),
    transitions: Float32Array.from(file.transitions),
    marginScale: file.marginScale,
    oPenalty: file.oPenalty,
    flag,
    flagBias: file.flag.bias,
    block,
    blockBias: file.block.bias,
    verdict: pairTables(flag, block),
    threshold: file.threshold,
  };
}

export interface Tagging {
  /** Indices (into context.tokens) of the tagged tokens, in order. */
  positions: number[];
  /** The per-text facts the features read (explanations name features from them). */
  context: TokenContext;
  path: number[];
  scores: Float32Array;
  spans: TaggedSpan[];
}

/** Runs the tagger; spans are maximal runs of one PHI label over adjacent tagged tokens. */
export function tag(model: Pick<TextModel, "tagger" | "transitions" | "marginScale" | "oPenalty">, analysis: RuleAnalysis, features?: TokenFeatures, ws?: Workspace): Tagging {
  features ??= tokenFeatures(analysis, ws);
  const { positions, context } = features;
  const scores = emissions(model.tagger, features.hashes, features.offsets, ws);
  penalizeO(scores, model.oPenalty * model.marginScale);
  const path = viterbi(scores, positions.length, model.transitions, LABELS.length, ws);
  return { positions, context, path, scores, spans: spansFromPath(analysis.context.tokens, positions, path, scores, model.marginScale) };
}

export function penalizeO(scores: Float32Array, penalty: number): void {
  if (penalty === 0) return;
  for (let i = 0; i < scores.length; i += LABELS.length) scores[i]! -= penalty;
}

export function spansFromPath(tokens: Token[], positions: number[], path: number[], scores: Float32Array, marginScale: number): TaggedSpan[] {
  const L = LABELS.length;
  const spans: TaggedSpan[] = [];
  let current: (TaggedSpan & { margins: number }) | undefined;
  let previousSentence = -1;
  for (let p = 0; p < path.length; p++) {
    const label = path[p] ?? 0;
    const token = tokens[positions[p] ?? 0] as Token;
    const margin = (scores[p * L + label] ?? 0) - (scores[p * L] ?? 0);
    if (current && (label !== current.label || token.sentence !== previousSentence)) {
      spans.push(finish(current));
      current = undefined;
    }
    if (label !== 0) {
      if (current) { current.end = token.end; current.margins += margin; current.confidence++; }
      else current = { label, start: token.start, end: token.end, sentence: token.sentence, confidence: 1, margins: margin };
    }
    previousSentence = token.sentence;
  }
  if (current) spans.push(finish(current));
  return spans;

  function finish(span: TaggedSpan & { margins: number }): TaggedSpan {
    const mean = span.margins / span.confidence;
    const confidence = 1 / (1 + Math.exp(-(2 * mean) / (marginScale || 1)));
    return { label: span.label, start: span.start, end: span.end, sentence: span.sentence, confidence: Math.round(confidence * 100) / 100 };
  }
}

export interface Prediction {
  tagging: Tagging;
  doc: DocFeatures;
  pFlag: number;
  pBlock: number;
  /** What the n-gram features alone add to the flag score (explainVerdict's "wording" cue). */
  ngramFlag: number;
}

/** With a workspace, the prediction's arrays are its buffers: valid until the next scan. */
export function predict(model: TextModel, analysis: RuleAnalysis, channel: string | undefined, ws?: Workspace): Prediction {
  const tagging = tag(model, analysis, undefined, ws);
  const doc = docFeatures(analysis, tagging.spans, channel, ws);
  const structuredFrom = doc.hashes.length - (doc.templates?.length ?? 0);
  const scores = logisticPair(model.verdict, model.flagBias, model.blockBias, doc.hashes, doc.values, structuredFrom);
  return { tagging, doc, pFlag: scores.p0, pBlock: scores.p1, ngramFlag: scores.lead0 };
}
