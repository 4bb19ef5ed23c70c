// The hand-written half of the text scanner: recognizers + verdict rules, as they were before the
// learned model (see model/). analyzeRules keeps everything the model uses as features: all
// candidates (staff names included, with their role), the per-sentence anchors and the rule verdict.
import type { TextKind, TextScanOptions, Verdict } from "../types.js";
import { findAnchors, type SentenceAnchors } from "./anchors.js";
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

const KINDS = new Set<TextKind>(["post", "comment", "group_post", "reply"]);

export interface RuleAnalysis {
  context: ScanContext;
  /** Every candidate after allow lists, staff/public/pet names included (role says which). */
  candidates: Candidate[];
  /** What the rules alone would report if the text is flagged (patient names, tied/strong health…). */
  reported: Candidate[];
  anchors: Map<number, SentenceAnchors>;
  verdict: Verdict;
  reasons: string[];
}

export function analyzeRules(text: string, options: TextScanOptions = {}): RuleAnalysis {
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
  const reported = findings.filter((finding) => {
    if (finding.type === "NAME") return finding.role === "patient" || finding.role === "unknown";
    if (finding.type === "HEALTH") return tiedHealth.has(finding) || finding.subtype !== "weak";
    return true;
  });
  return { context, candidates: findings, reported, anchors, verdict, reasons };
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
