// Fitting the learned model on labelled records (SCHEMA.md of the eval set). Used by
// scripts/train-text-model.ts (ships data/text-model.json) and scripts/cv-text.ts (held-out figures).
import type { PhiType, TextKind } from "../../types.js";
import { analyzeRules, type RuleAnalysis } from "../rules.js";
import { docFeatures, LABELS, ngramFeatures, type DocFeatures } from "./features.js";
import { emissions, viterbi } from "./inference.js";
import { encodeTable, LABEL_COUNT } from "./linear.js";
import { penalizeO, spansFromPath, type TextModelFile } from "./model.js";
import { tokenFeatures, type TokenFeatures } from "./token-features.js";
import { stratifiedFolds, trainLogistic, trainTagger, type LogisticExample, type TrainedTagger } from "./trainers.js";

export interface LabelledRecord {
  id: string;
  text: string;
  kind?: TextKind;
  channel?: string;
  phi?: { start: number; end: number; type: PhiType }[];
  verdict: "block" | "review" | "allow";
  /** Which file the record came from (stratification and provenance). */
  file: string;
}

export interface Prepared {
  record: LabelledRecord;
  analysis: RuleAnalysis;
  features: TokenFeatures;
  labels: number[];
}

export const FIT_DEFAULTS = { seed: 20261206, taggerBits: 18, docBits: 18, taggerEpochs: 15, docEpochs: 12, innerFolds: 4, threshold: 0.5, oPenalty: 1 };
export type FitOptions = typeof FIT_DEFAULTS;

/** Rules and token features once per record (they do not depend on any weights). */
export function prepare(record: LabelledRecord): Prepared {
  const analysis = analyzeRules(record.text, record.kind ? { kind: record.kind } : {});
  const features = tokenFeatures(analysis);
  const labels = features.positions.map((index) => {
    const token = analysis.context.tokens[index];
    if (!token) return 0;
    let best = 0;
    let overlap = 0;
    for (const span of record.phi ?? []) {
      const shared = Math.min(span.end, token.end) - Math.max(span.start, token.start);
      if (shared > overlap) { overlap = shared; best = LABELS.indexOf(span.type); }
    }
    return best > 0 ? best : 0;
  });
  return { record, analysis, features, labels };
}

function taggerFor(prepared: Prepared[], options: FitOptions, seed: number): TrainedTagger {
  return trainTagger(prepared.map((p) => ({ hashes: p.features.hashes, offsets: p.features.offsets, labels: p.labels })), { bits: options.taggerBits, epochs: options.taggerEpochs, seed });
}

function docFeaturesWith(tagger: TrainedTagger, marginScale: number, oPenalty: number, p: Prepared): DocFeatures {
  const table = { mask: (1 << tagger.bits) - 1, width: LABEL_COUNT, weights: tagger.weights, scale: 1 };
  const scores = emissions(table, p.features.hashes, p.features.offsets);
  penalizeO(scores, oPenalty * marginScale);
  const path = viterbi(scores, p.features.positions.length, tagger.transitions);
  const spans = spansFromPath(p.analysis.context.tokens, p.features.positions, path, scores, marginScale);
  return docFeatures(p.analysis, spans, p.record.channel);
}

/** Mean margin of tagged (non-O) tokens over the training set: scales span confidences to ~0.5–1. */
function marginScaleOf(tagger: TrainedTagger, prepared: Prepared[]): number {
  const table = { mask: (1 << tagger.bits) - 1, width: LABEL_COUNT, weights: tagger.weights, scale: 1 };
  let sum = 0;
  let count = 0;
  for (const p of prepared) {
    const scores = emissions(table, p.features.hashes, p.features.offsets);
    const path = viterbi(scores, p.features.positions.length, tagger.transitions);
    path.forEach((label, i) => {
      if (label === 0) return;
      sum += (scores[i * LABEL_COUNT + label] ?? 0) - (scores[i * LABEL_COUNT] ?? 0);
      count++;
    });
  }
  return count > 0 ? Math.max(1e-6, sum / count) : 1;
}

/**
 * Stacking: the verdict classifiers are fitted on tagger outputs of records the tagger did not see
 * (inner folds), so they learn how far to trust the tagger on new text, not on its own training data.
 */
export function fitModel(prepared: Prepared[], trainedOn: string[], overrides: Partial<FitOptions> = {}): TextModelFile {
  const options = { ...FIT_DEFAULTS, ...overrides };
  const folds = stratifiedFolds(prepared.map((p) => `${p.record.file}|${p.record.verdict}`), options.innerFolds, options.seed);
  const docs: DocFeatures[] = new Array(prepared.length);
  for (let fold = 0; fold < options.innerFolds; fold++) {
    const inner = taggerFor(prepared.filter((_, i) => folds[i] !== fold), options, options.seed + fold + 1);
    const scale = marginScaleOf(inner, prepared.filter((_, i) => folds[i] !== fold));
    prepared.forEach((p, i) => { if (folds[i] === fold) docs[i] = docFeaturesWith(inner, scale, options.oPenalty, p); });
  }
  const tagger = taggerFor(prepared, options, options.seed);
  const marginScale = marginScaleOf(tagger, prepared);
  const examples = (positive: (p: Prepared) => boolean): LogisticExample[] =>
    prepared.map((p, i) => ({ hashes: docs[i]!.hashes, values: docs[i]!.values, y: positive(p) ? 1 : 0 }));
  const lr = { bits: options.docBits, epochs: options.docEpochs, seed: options.seed };
  const flag = trainLogistic(examples((p) => p.record.verdict !== "allow"), lr);
  const block = trainLogistic(examples((p) => p.record.verdict === "block"), lr);
  return {
    version: 1,
    generatedBy: "packages/scanner/scripts/train-text-model.ts",
    trainedOn,
    seed: options.seed,
    tagger: encodeTable(tagger.weights, options.taggerBits, LABEL_COUNT, 1),
    transitions: [...tagger.transitions].map((t) => Math.round(t * 1000) / 1000),
    marginScale: Math.round(marginScale * 1000) / 1000,
    oPenalty: options.oPenalty,
    flag: { table: encodeTable(flag.weights, options.docBits, 1, 2), bias: flag.bias },
    block: { table: encodeTable(block.weights, options.docBits, 1, 2), bias: block.bias },
    threshold: options.threshold,
  };
}

/** The n-gram baseline: logistic regression over char 2–5-grams + word 1–2-grams, verdict only. */
export function fitBaseline(records: LabelledRecord[], overrides: Partial<FitOptions> = {}): (text: string) => number {
  const options = { ...FIT_DEFAULTS, ...overrides };
  const examples = records.map((r) => ({ ...ngramFeatures(r.text), y: (r.verdict !== "allow" ? 1 : 0) as 0 | 1 }));
  const model = trainLogistic(examples, { bits: options.docBits, epochs: options.docEpochs, seed: options.seed });
  const mask = (1 << model.bits) - 1;
  return (text) => {
    const f = ngramFeatures(text);
    let sum = model.bias;
    for (let i = 0; i < f.hashes.length; i++) sum += (model.weights[f.hashes[i]! & mask] ?? 0) * f.values[i]!;
    return 1 / (1 + Math.exp(-sum));
  };
}
