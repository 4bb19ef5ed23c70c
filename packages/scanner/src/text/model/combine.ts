// Merges the rules' findings (exact identifiers and context rules) with the learned model's verdict
// and tagged spans into one TextScanResult.
import type { TextScanOptions, TextScanResult, Verdict } from "../../types.js";
import { makeCandidate, type Candidate } from "../candidate.js";
import { applyAllowLists } from "../config.js";
import type { RuleAnalysis } from "../rules.js";
import { explainVerdict, spanExplainer } from "./explain.js";
import { LABELS } from "./features.js";
import { predict, type TextModel } from "./model.js";
import { withWorkspace, type Workspace } from "./workspace.js";

/** Rule reasons that stand whatever the model says: a direct identifier or the org's deny list. */
function hardRule(analysis: RuleAnalysis): Verdict | undefined {
  if (analysis.verdict === "block" && analysis.reasons.some((r) => r.startsWith("includes ") || r.startsWith("ties a vehicle"))) return "block";
  if (analysis.candidates.some((c) => c.recognizer === "config.deny")) return analysis.verdict === "allow" ? "review" : analysis.verdict;
  return undefined;
}

export function scanAnalyzed(analysis: RuleAnalysis, options: TextScanOptions, model: TextModel): TextScanResult {
  return withWorkspace((ws) => scanWith(analysis, options, model, ws));
}

function scanWith(analysis: RuleAnalysis, options: TextScanOptions, model: TextModel, ws: Workspace): TextScanResult {
  const prediction = predict(model, analysis, options.channel, ws);
  const hard = hardRule(analysis);
  const flagged = prediction.pFlag >= model.threshold;
  const verdict: Verdict = hard === "block" ? "block" : flagged ? (prediction.pBlock >= 0.5 ? "block" : "review") : hard ?? "allow";
  if (verdict === "allow") return { verdict, findings: [], reasons: [] };

  const findings: Candidate[] = [...analysis.reported];
  const tagged: Candidate[] = [];
  const explainSpan = spanExplainer(model.tagger, analysis, prediction.tagging, ws);
  // Rule findings sorted by start with a running index: one pass, not spans × findings.
  const ruleSpans = [...findings].sort((a, b) => a.start - b.start);
  let r = 0;
  let reach = -1;
  for (const span of prediction.tagging.spans) {
    while (r < ruleSpans.length && (ruleSpans[r]?.start ?? 0) < span.end) { reach = Math.max(reach, ruleSpans[r]?.end ?? 0); r++; }
    if (reach > span.start) continue;
    const type = LABELS[span.label];
    if (!type || type === "O") continue;
    tagged.push(makeCandidate(analysis.context, type, span.start, span.end, {
      score: span.confidence, recognizer: "model.tagger", explanation: explainSpan(span), personal: true, subtype: "model",
      ...(type === "NAME" ? { role: "unknown" as const } : {}),
    }));
  }
  findings.push(...applyAllowLists(tagged, options.config));
  findings.sort((a, b) => a.start - b.start || a.end - b.end);

  const reasons = analysis.verdict !== "allow" ? [...analysis.reasons] : [];
  const cues = explainVerdict(model.flag, prediction.doc, 3, prediction.ngramFlag).filter((cue) => !reasons.includes(cue));
  reasons.push(`the learned model flags it (${Math.round(prediction.pFlag * 100)}% confident)${cues.length ? `: ${cues.join("; ")}` : ""}`);
  return {
    verdict,
    findings: findings.map((c) => ({ type: c.type, start: c.start, end: c.end, text: c.text, score: c.score, recognizer: c.recognizer, explanation: c.explanation })),
    reasons,
  };
}
