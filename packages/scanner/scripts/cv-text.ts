#!/usr/bin/env tsx
// Held-out figures for the text scanner: `npm run eval:text -- --cv [--folds 5] [--json] [--keep DIR]`.
//   - k-fold cross-validation over dev + dev-2a + dev-2b (folds stratified by file and verdict; a record
//     is never split): the model is fitted on k-1 folds and scored on the held-out fold, every fold;
//   - cross-file: fitted on dev + dev-2a, scored on dev-2b; fitted on dev + dev-2b, scored on dev-2a;
//   - beside it, on the same splits: the rules alone (fitted on nothing) and the n-gram baseline
//     (logistic regression over char 2–5-grams + word 1–2-grams, verdict only, threshold 0.5).
// Every figure is computed by the eval set's own score.mjs on the pooled held-out predictions.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scanAnalyzed } from "../src/text/model/combine.js";
import { fitBaseline, fitModel, prepare, type Prepared } from "../src/text/model/fit.js";
import { decodeModel } from "../src/text/model/model.js";
import { stratifiedFolds } from "../src/text/model/trainers.js";
import { evalDir, LABELLED_FILES, readLabelled } from "./labelled.js";

const args = process.argv.slice(2);
const k = args.includes("--folds") ? Number(args[args.indexOf("--folds") + 1]) : 5;
const asJson = args.includes("--json");
// --keep DIR writes the pooled k-fold predictions (cv-predictions.jsonl), to study what is missed.
const keepDir = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : undefined;
const SEED = 7;
// --fit '{"oPenalty":0.5}' overrides FIT_DEFAULTS, for comparing settings on held-out folds.
const fitOverrides = args.includes("--fit") ? (JSON.parse(args[args.indexOf("--fit") + 1] ?? "{}") as Record<string, number>) : {};

interface Pred { id: string; verdict: string; findings: { type: string; start: number; end: number; score: number }[] }
type Scores = Record<string, unknown>;

const work = mkdtempSync(join(tmpdir(), "vetted-cv-"));
function score(gold: Prepared[], preds: Pred[]): Scores {
  const goldPath = join(work, "gold.jsonl");
  const predPath = join(work, "pred.jsonl");
  writeFileSync(goldPath, gold.map((p) => JSON.stringify(p.record)).join("\n") + "\n");
  writeFileSync(predPath, preds.map((p) => JSON.stringify(p)).join("\n") + "\n");
  return JSON.parse(execFileSync(process.execPath, [join(evalDir, "score.mjs"), goldPath, predPath, "--json"], { encoding: "utf8" })) as Scores;
}

function modelPreds(train: Prepared[], test: Prepared[], trainedOn: string[]): Pred[] {
  const model = decodeModel(fitModel(train, trainedOn, fitOverrides));
  return test.map((p) => {
    const r = scanAnalyzed(p.analysis, { ...(p.record.kind ? { kind: p.record.kind } : {}), ...(p.record.channel ? { channel: p.record.channel as never } : {}) }, model);
    return { id: p.record.id, verdict: r.verdict, findings: r.findings.map((f) => ({ type: f.type, start: f.start, end: f.end, score: f.score })) };
  });
}
function baselinePreds(train: Prepared[], test: Prepared[]): Pred[] {
  const baseline = fitBaseline(train.map((p) => p.record), fitOverrides);
  return test.map((p) => ({ id: p.record.id, verdict: baseline(p.record.text) >= 0.5 ? "block" : "allow", findings: [] }));
}
function rulePreds(test: Prepared[]): Pred[] {
  return test.map((p) => ({ id: p.record.id, verdict: p.analysis.verdict, findings: p.analysis.verdict === "allow" ? [] : p.analysis.reported.map((f) => ({ type: f.type, start: f.start, end: f.end, score: f.score })) }));
}

try {
  // Ids repeat across files' numbering schemes only by prefix; make them unique for pooled scoring.
  const all = LABELLED_FILES.flatMap(readLabelled).map((r) => ({ ...r, id: `${r.file}:${r.id}` })).map(prepare);
  const folds = stratifiedFolds(all.map((p) => `${p.record.file}|${p.record.verdict}`), k, SEED);
  const model: Pred[] = [];
  const baseline: Pred[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = all.filter((_, i) => folds[i] !== fold);
    const test = all.filter((_, i) => folds[i] === fold);
    model.push(...modelPreds(train, test, [`${k - 1}/${k} folds`]));
    baseline.push(...baselinePreds(train, test));
  }
  if (keepDir) {
    mkdirSync(keepDir, { recursive: true });
    writeFileSync(join(keepDir, "cv-predictions.jsonl"), model.map((p) => JSON.stringify(p)).join("\n") + "\n");
  }
  const rows: { split: string; fittedOn: string; scorer: string; scores: Scores }[] = [];
  rows.push({ split: `${k}-fold CV, dev+dev-2a+dev-2b`, fittedOn: "the other folds", scorer: "vetted", scores: score(all, model) });
  rows.push({ split: `${k}-fold CV, dev+dev-2a+dev-2b`, fittedOn: "the other folds", scorer: "n-gram baseline", scores: score(all, baseline) });
  rows.push({ split: `${k}-fold CV, dev+dev-2a+dev-2b`, fittedOn: "nothing", scorer: "rules only", scores: score(all, rulePreds(all)) });
  for (const [held, others] of [["dev-2b.jsonl", ["dev.jsonl", "dev-2a.jsonl"]], ["dev-2a.jsonl", ["dev.jsonl", "dev-2b.jsonl"]]] as const) {
    const train = all.filter((p) => (others as readonly string[]).includes(p.record.file));
    const test = all.filter((p) => p.record.file === held);
    const split = `test ${held}`;
    rows.push({ split, fittedOn: others.join("+"), scorer: "vetted", scores: score(test, modelPreds(train, test, [...others])) });
    rows.push({ split, fittedOn: others.join("+"), scorer: "n-gram baseline", scores: score(test, baselinePreds(train, test)) });
    rows.push({ split, fittedOn: "nothing", scorer: "rules only", scores: score(test, rulePreds(test)) });
  }
  if (asJson) console.log(JSON.stringify(rows.map((r) => ({ ...r, scores: { ...r.scores, missed_block_ids: undefined, false_flag_ids: undefined } }))));
  else {
    const keys = ["block_recall", "block_recall_strict", "allow_false_flag_rate", "review_flagged", "span_recall_any_type", "finding_precision"];
    console.log(["split", "fitted on", "scorer", ...keys, "NAME", "HEALTH"].join("\t"));
    for (const r of rows) {
      const perType = (r.scores.per_type_recall ?? {}) as Record<string, number>;
      console.log([r.split, r.fittedOn, r.scorer, ...keys.map((key) => String(r.scores[key] ?? "-")), String(perType.NAME ?? "-"), String(perType.HEALTH ?? "-")].join("\t"));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
