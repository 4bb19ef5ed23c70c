import type { Verdict } from "@vetted/scanner";
import type { PriorFinding, PriorOutcome } from "./prior-findings";
import type { ScannedFinding } from "./scan-revision";

type Box = [number, number, number, number];
const overlaps = (a: Box, b: number[]) => b.length === 4 && a[0] < b[0]! + b[2]! && b[0]! < a[0] + a[2] && a[1] < b[1]! + b[3]! && b[1]! < a[1] + a[3];

/**
 * Decides each earlier finding's outcome on the redacted version of its image:
 * - found again by the fresh scan (same type, same place): still present, reported by that scan;
 * - not touched by any redacted box: still present (those pixels did not change), reported again;
 * - touched, and the OCR still reads its words there: still present, reported again;
 * - touched and no longer read: removed by the redaction.
 * A scanner that could not re-read (`stillReadable` missing) never turns a finding into "removed".
 */
export function carryPriorFindings(mediaId: string, earlier: PriorFinding[], fresh: ScannedFinding[], stillReadable: boolean[] | undefined) {
  const findings: ScannedFinding[] = [];
  const outcomes: PriorOutcome[] = [];
  let verdict: Verdict = "review";
  let checked = 0;
  for (const prior of earlier) {
    const readable = prior.touched && prior.text ? (stillReadable?.[checked++] ?? true) : true;
    const again = fresh.some((f) => f.source === "OCR" && f.type === prior.type && overlaps(prior.box, f.box));
    if (!again && prior.touched && !readable) {
      outcomes.push({ priorFindingId: prior.id, mediaId, outcome: "REMOVED_BY_REDACTION" });
      continue;
    }
    outcomes.push({ priorFindingId: prior.id, mediaId, outcome: "STILL_PRESENT" });
    if (again) continue;
    if (prior.blocking) verdict = "block";
    findings.push({
      mediaId, source: "OCR", type: prior.type, start: null, end: null, box: prior.box, text: prior.text, score: prior.score,
      recognizer: prior.recognizer, explanation: `still readable after the redaction: ${prior.explanation}`,
      sourceVerdict: prior.blocking ? "block" : "review",
    });
  }
  return { findings, outcomes, verdict, reason: "text found before the redaction is still readable in the image" };
}
