// ID: SSN, MRN, member/plan/account/claim/license numbers, vehicle plates, device serials.
// Each label is required next to the number, which keeps promo codes and order numbers out.
import { makeCandidate, type Candidate, type ScanContext } from "../candidate.js";
import { digitFacts } from "../digits.js";

interface IdPattern {
  /** Lowercase literals, one of which every match contains: when the text has none, the regex is skipped. */
  labels: string[];
  subtype: string;
  re: RegExp;
  explanation: string;
  score: number;
}

// The value group is bounded ({4,20}) and labels are literal, so these cannot backtrack badly.
const VALUE = "([A-Z0-9][A-Z0-9-]{3,19})";
const SEP = "\\s{0,2}(?:#|no\\.?|number|num|is|:|=)?\\s{0,2}(?:#|is|:)?\\s{0,2}";
const ID_PATTERNS: IdPattern[] = [
  { labels: ["-"], subtype: "ssn", re: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, explanation: "a Social Security number", score: 0.95 },
  { labels: ["ssn", "social security", "ss#"], subtype: "ssn", re: new RegExp(`\\b(?:ssn|social security(?: number| #)?|ss#)${SEP}(\\d{9}|\\d{3} \\d{2} \\d{4})`, "gi"), explanation: "a Social Security number", score: 0.95 },
  { labels: ["mrn", "medical record", "chart", "patient id", "record #"], subtype: "mrn", re: new RegExp(`\\b(?:mrn|medical record(?: number| #)?|chart(?: number| #)|patient id|record #)${SEP}${VALUE}`, "gi"), explanation: "a medical record number", score: 0.95 },
  { labels: ["member", "plan", "policy", "subscriber", "insurance", "medicaid", "medicare", "medi-cal", "group", "beneficiary"], subtype: "member", re: new RegExp(`\\b(?:member|plan|policy|subscriber|insurance|medicaid|medicare|medi-cal|group|beneficiary)\\s{0,2}(?:id|#|number|no\\.?)${SEP}${VALUE}`, "gi"), explanation: "a health plan member number", score: 0.9 },
  { labels: ["acct", "account", "invoice", "billing"], subtype: "account", re: new RegExp(`\\b(?:acct|account|invoice|billing)\\s{0,2}${SEP}${VALUE}`, "gi"), explanation: "an account number", score: 0.85 },
  { labels: ["claim"], subtype: "claim", re: new RegExp(`\\bclaim${SEP}${VALUE}`, "gi"), explanation: "an insurance claim number", score: 0.9 },
  { labels: ["license", "licence", "dl"], subtype: "license", re: new RegExp(`\\b(?:driver'?s license|license|licence|dl)\\s{0,2}(?:#|number|no\\.?)${SEP}${VALUE}`, "gi"), explanation: "a license number", score: 0.85 },
  { labels: ["plate", "tag"], subtype: "plate", re: new RegExp(`\\b(?:license plate|plate|plates|tag)${SEP}([A-Z0-9]{2,4}[ -]?[A-Z0-9]{2,5})\\b`, "gi"), explanation: "a vehicle plate", score: 0.8 },
  { labels: ["serial", "s/n", "sn", "device id", "imei", "udi"], subtype: "serial", re: new RegExp(`\\b(?:serial|s/n|sn|device id|imei|udi)${SEP}${VALUE}`, "gi"), explanation: "a device serial number", score: 0.9 },
  { labels: ["rx", "prescription"], subtype: "rx", re: new RegExp(`\\b(?:rx|prescription)\\s{0,2}(?:#|number|no\\.?)${SEP}${VALUE}`, "gi"), explanation: "a prescription number", score: 0.85 },
];

// Every pattern needs one of these labels (or the NNN-NN-NNNN shape), so most texts skip all regexes.
const ID_TRIGGER = /\d{3}-\d{2}-\d{4}|ssn|social security|ss#|mrn|record|chart|patient id|member|plan|policy|subscriber|insurance|medicaid|medicare|medi-cal|group|beneficiary|acct|account|invoice|billing|claim|licen|\bdl\b|plate|\btag\b|serial|s\/n|\bsn\b|device id|imei|\budi\b|\brx\b|prescription/;

export function recognizeIds(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  // Every ID value needs at least 3 digits (see the check below).
  if (digitFacts(context).count < 3 || !ID_TRIGGER.test(context.lower)) return found;
  for (const pattern of ID_PATTERNS) {
    if (!pattern.labels.some((label) => context.lower.includes(label))) continue;
    for (const match of context.text.matchAll(pattern.re)) {
      const value = match[1] ?? match[0];
      if (!/\d/.test(value) || value.replace(/\D/g, "").length < 3) continue;
      if (pattern.subtype === "plate" && !/[A-Za-z]/.test(value)) continue;
      const start = match.index + match[0].lastIndexOf(value);
      found.push(makeCandidate(context, "ID", start, start + value.length, {
        score: pattern.score,
        recognizer: `id.${pattern.subtype}`,
        explanation: pattern.explanation,
        personal: pattern.subtype !== "plate",
        subtype: pattern.subtype,
      }));
    }
  }
  return found;
}
