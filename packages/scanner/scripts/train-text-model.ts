#!/usr/bin/env tsx
// Fits the learned text model on the labelled eval files and writes packages/scanner/data/text-model.json.
//   npx tsx packages/scanner/scripts/train-text-model.ts [FILE.jsonl ...]   (default: dev, dev-2a, dev-2b)
// Deterministic: fixed seed, stable ordering, so re-running on the same files writes the same bytes.
// Figures measured on the files it was fitted on are not held-out: use `npm run eval:text -- --cv`.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fitModel, prepare } from "../src/text/model/fit.js";
import { LABELLED_FILES, readLabelled } from "./labelled.js";

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : LABELLED_FILES;
const started = performance.now();
const prepared = files.flatMap(readLabelled).map(prepare);
const model = fitModel(prepared, files);
const target = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "text-model.json");
const json = JSON.stringify(model);
writeFileSync(target, json + "\n");
console.error(`text-model.json: ${prepared.length} records from ${files.join(", ")}, ${(json.length / 1024).toFixed(0)} KB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
