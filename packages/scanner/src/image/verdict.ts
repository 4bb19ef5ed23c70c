// One verdict per image. PHI text or PHI metadata blocks. A face alone is not PHI by itself but needs a
// linked consent before posting, so it asks for review; faces next to PHI text block like the text does.
import type { ImageFinding, Verdict } from "../types.js";

export interface VerdictInput {
  ocrVerdict: Verdict;
  metadataVerdict: Verdict;
  findings: ImageFinding[];
  faces: number;
}

export function decideVerdict(input: VerdictInput): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  const ocrPhi = input.findings.some((f) => f.source === "ocr");
  const metaPhi = input.findings.some((f) => f.source === "metadata");
  let verdict: Verdict = "allow";
  if (ocrPhi && input.ocrVerdict === "block") {
    verdict = "block";
    reasons.push("text visible in the image identifies a patient or their care");
  } else if (ocrPhi && input.ocrVerdict === "review") {
    reasons.push("text visible in the image may identify a patient; a reviewer should check it");
  }
  if (metaPhi && input.metadataVerdict === "block") {
    verdict = "block";
    reasons.push("the image metadata (caption, comment or GPS) carries patient information; strip it before posting");
  } else if (metaPhi && input.metadataVerdict === "review") {
    reasons.push("the image metadata may carry patient information; strip it before posting");
  }
  if (verdict !== "block" && (ocrPhi || metaPhi)) verdict = "review";
  if (input.faces > 0) {
    reasons.push(`${input.faces} face(s) visible: a linked signed consent is required for each person`);
    if (verdict === "allow") verdict = "review";
  }
  return { verdict, reasons };
}
