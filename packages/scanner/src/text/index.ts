// The PHI text scanner: pure function of (text, options) plus read-only lexicons.
// Safe in the worker, in tests and in the browser (no I/O, no network; module state is read-only data
// plus reusable scratch buffers and memos that never change a result, see model/workspace.ts).
import type { TextFinding, TextScanOptions, TextScanResult } from "../types.js";
import type { Candidate } from "./candidate.js";
import { scanAnalyzed } from "./model/combine.js";
import { getTextModel } from "./model/load.js";
import type { TextModel } from "./model/model.js";
import { analyzeRules } from "./rules.js";

export { getLexicons } from "./lexicons.js";
export { getTextModel } from "./model/load.js";

/** Longest social text we analyse in full; longer input is scanned in windows of this size. */
const MAX_WINDOW = 20_000;

export function scanText(text: string, options: TextScanOptions = {}): TextScanResult {
  return scanTextWith(getTextModel(), text, options);
}

/**
 * The rules (recognizers + verdict rules) and the learned model (tagger + verdict classifier), merged
 * by model/combine.ts. OCR text (source "image") keeps the rules alone: the model was fitted on social
 * text, not on labels read off photos.
 */
export function scanTextWith(model: TextModel, text: string, options: TextScanOptions = {}): TextScanResult {
  if (typeof text !== "string" || text.length === 0) return { verdict: "allow", findings: [], reasons: [] };
  if (text.length > MAX_WINDOW) return scanLongText(text, options, model);
  const analysis = analyzeRules(text, options);
  if (analysis.context.source !== "image") return scanAnalyzed(analysis, options, model);
  if (analysis.verdict === "allow") return { verdict: "allow", findings: [], reasons: [] };
  return { verdict: analysis.verdict, findings: analysis.reported.map(toPublicFinding), reasons: analysis.reasons };
}

/** Scans very long input window by window so cost stays linear, then merges the verdicts. */
function scanLongText(text: string, options: TextScanOptions, model: TextModel): TextScanResult {
  const order = { allow: 0, review: 1, block: 2 } as const;
  let verdict: TextScanResult["verdict"] = "allow";
  const findings: TextFinding[] = [];
  const reasons = new Set<string>();
  for (let offset = 0; offset < text.length; offset += MAX_WINDOW) {
    const part = scanTextWith(model, text.slice(offset, offset + MAX_WINDOW), options);
    if (order[part.verdict] > order[verdict]) verdict = part.verdict;
    for (const finding of part.findings) findings.push({ ...finding, start: finding.start + offset, end: finding.end + offset });
    for (const reason of part.reasons) reasons.add(reason);
  }
  return { verdict, findings, reasons: [...reasons] };
}

function toPublicFinding(candidate: Candidate): TextFinding {
  return {
    type: candidate.type,
    start: candidate.start,
    end: candidate.end,
    text: candidate.text,
    score: candidate.score,
    recognizer: candidate.recognizer,
    explanation: candidate.explanation,
  };
}
