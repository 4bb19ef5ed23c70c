// The learned layer at scan time: tag tokens (Viterbi over hashed features), turn tags into spans,
// then score the verdict with logistic regressions over n-grams + rule outputs + the tagger's spans.
import type { RuleAnalysis } from "../rules.js";
import type { Token } from "../tokenize.js";
import { docFeatures, LABELS, type DocFeatures, type TaggedSpan } from "./features.js";
import { decodeTable, emissions, logistic, viterbi, type EncodedTable, type Table } from "./linear.js";
import { tokenFeatures, type TokenFeatures } from "./token-features.js";

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
  threshold: number;
}

export function decodeModel(file: TextModelFile): TextModel {
  return {
    tagger: decodeTable(file.tagger),
    transitions: Float32Array.from(file.transitions),
    marginScale: file.marginScale,
    oPenalty: file.oPenalty,
    flag: decodeTable(file.flag.table),
    flagBias: file.flag.bias,
    block: decodeTable(file.block.table),
    blockBias: file.block.bias,
    threshold: file.threshold,
  };
}

export interface Tagging {
  features: TokenFeatures;
  path: number[];
  scores: Float32Array;
  spans: TaggedSpan[];
}

/** Runs the tagger; spans are maximal runs of one PHI label over adjacent tagged tokens. */
export function tag(model: Pick<TextModel, "tagger" | "transitions" | "marginScale" | "oPenalty">, analysis: RuleAnalysis, features = tokenFeatures(analysis)): Tagging {
  const scores = emissions(model.tagger, features.hashes, features.offsets);
  penalizeO(scores, model.oPenalty * model.marginScale);
  const path = viterbi(scores, features.positions.length, model.transitions);
  return { features, path, scores, spans: spansFromPath(analysis.context.tokens, features.positions, path, scores, model.marginScale) };
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
}

export function predict(model: TextModel, analysis: RuleAnalysis, channel: string | undefined): Prediction {
  const tagging = tag(model, analysis);
  const doc = docFeatures(analysis, tagging.spans, channel);
  return {
    tagging,
    doc,
    pFlag: logistic(model.flag, model.flagBias, doc.hashes, doc.values),
    pBlock: logistic(model.block, model.blockBias, doc.hashes, doc.values),
  };
}
