// The PHI text scanner: pure function of (text, options) plus read-only lexicons.
// Safe in the worker, in tests and in the browser (no I/O, no network, no mutable globals).
import type { TextFinding, TextKind, TextScanOptions, TextScanResult } from "../types.js";
import { findAnchors } from "./anchors.js";
import type { Candidate, ScanContext } from "./candidate.js";
import { applyAllowLists, applyDenyList } from "./config.js";
import { getLexicons } from "./lexicons.js";
import { recognizeAges } from "./recognizers/ages.js";
import { recognizeContacts } from "./recognizers/contact.js";
import { recognizeDates } from "./recognizers/dates.js";
import { recognizeDocumentLabels } from "./recognizers/document-labels.js";
import { recognizeHandles } from "./recognizers/handles.js";
import { recognizeHealth } from "./recognizers/health.js";
import { recognizeIds } from "./recognizers/ids.js";
import { recognizeLocations } from "./recognizers/locations.js";
import { nameBase } from "./recognizers/name-tokens.js";
import { recognizeNames } from "./recognizers/names.js";
import { recognizePhotoRefs } from "./recognizers/photo.js";
import { tokenize } from "./tokenize.js";
import { decideVerdict } from "./verdict.js";

export { getLexicons } from "./lexicons.js";

/** Longest social text we analyse in full; longer input is scanned in windows of this size. */
const MAX_WINDOW = 20_000;
const KINDS = new Set<TextKind>(["post", "comment", "group_post", "reply"]);

export function scanText(text: string, options: TextScanOptions = {}): TextScanResult {
  if (typeof text !== "string" || text.length === 0) return { verdict: "allow", findings: [], reasons: [] };
  if (text.length > MAX_WINDOW) return scanLongText(text, options);
  const kind: TextKind = options.kind && KINDS.has(options.kind) ? options.kind : "post";
  const lower = text.toLowerCase();
  const source = options.source === "image" ? "image" : "social";
  const context: ScanContext = { text, lower, tokens: tokenize(text, lower), kind, source, lexicons: getLexicons() };

  const names = recognizeNames(context);
  const knownNames = new Set<string>();
  for (const name of names) if (name.role === "patient" || name.role === "unknown") for (const part of name.text.toLowerCase().split(/\s+/)) knownNames.add(nameBase(part));
  let findings: Candidate[] = [
    ...recognizeIds(context),
    ...recognizeContacts(context),
    ...recognizeDates(context),
    ...(source === "image" ? recognizeDocumentLabels(context) : []),
    ...recognizeAges(context),
    ...recognizeLocations(context),
    ...recognizePhotoRefs(context),
    ...recognizeHealth(context),
    ...names,
    ...recognizeHandles(context, knownNames),
    ...applyDenyList(context, options.config),
  ];
  findings = applyAllowLists(dropOverlaps(findings), options.config);

  const anchors = findAnchors(context, findings);
  const { verdict, reasons, tiedHealth } = decideVerdict(context, findings, anchors);
  if (verdict === "allow") return { verdict, findings: [], reasons: [] };
  const reported = findings.filter((finding) => {
    if (finding.type === "NAME") return finding.role === "patient" || finding.role === "unknown";
    if (finding.type === "HEALTH") return tiedHealth.has(finding) || finding.subtype !== "weak";
    return true;
  });
  return { verdict, findings: reported.map(toPublicFinding), reasons };
}

/** Scans very long input window by window so cost stays linear, then merges the verdicts. */
function scanLongText(text: string, options: TextScanOptions): TextScanResult {
  const order = { allow: 0, review: 1, block: 2 } as const;
  let verdict: TextScanResult["verdict"] = "allow";
  const findings: TextFinding[] = [];
  const reasons = new Set<string>();
  for (let offset = 0; offset < text.length; offset += MAX_WINDOW) {
    const part = scanText(text.slice(offset, offset + MAX_WINDOW), options);
    if (order[part.verdict] > order[verdict]) verdict = part.verdict;
    for (const finding of part.findings) findings.push({ ...finding, start: finding.start + offset, end: finding.end + offset });
    for (const reason of part.reasons) reasons.add(reason);
  }
  return { verdict, findings, reasons: [...reasons] };
}

/** Same-type overlapping hits (e.g. "bed 18" inside "5 West, bed 18") keep the longest. */
function dropOverlaps(findings: Candidate[]): Candidate[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Candidate[] = [];
  // Sorted by start, so a clash can only be with the furthest-reaching kept finding of that type.
  const reachByType = new Map<string, number>();
  for (const finding of sorted) {
    if ((reachByType.get(finding.type) ?? -1) > finding.start) continue;
    reachByType.set(finding.type, finding.end);
    kept.push(finding);
  }
  return kept;
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
