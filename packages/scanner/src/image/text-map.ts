// Turns OCR lines into PHI findings with pixel boxes. The lines are joined into one document so the text
// scanner sees context across a whiteboard row ("Patient:" … "Dolores Reyes"); each finding's character
// span is mapped back to the words it covers and their boxes are unioned.
import type { ImageFinding, OrgScanConfig, TextKind, TextScanResult, Verdict } from "../types.js";
import type { Box, OcrLine } from "./ocr.js";

export type TextScanFn = (
  text: string,
  options: { kind?: TextKind; source?: "social" | "image"; config?: OrgScanConfig },
) => TextScanResult | Promise<TextScanResult>;

interface Placed {
  start: number;
  end: number;
  box: Box;
  confidence: number;
}

export function buildDocument(lines: OcrLine[]): { text: string; placed: Placed[] } {
  let text = "";
  const placed: Placed[] = [];
  for (const line of lines) {
    if (text) text += "\n";
    line.words.forEach((w, i) => {
      if (i > 0) text += " ";
      placed.push({ start: text.length, end: text.length + w.text.length, box: w.box, confidence: w.confidence });
      text += w.text;
    });
  }
  return { text, placed };
}

export function unionBoxes(boxes: Box[]): Box | undefined {
  if (!boxes.length) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y, w, h] of boxes) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + w); y1 = Math.max(y1, y + h);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

export interface OcrScan {
  findings: ImageFinding[];
  verdict: Verdict;
  reasons: string[];
}

/**
 * Findings below this blended score are dropped: photo noise read as two- or three-letter "words" ("Ta",
 * "Bey") otherwise turns up as weak NAME hits.
 */
export const MIN_OCR_FINDING_SCORE = 0.45;

/**
 * `patients`: names the image scanner already read as patients' (visible-names.ts). They are passed to
 * the text scanner as deny-list names so it ties what stands beside them ("DUNN, R  lac repair",
 * "MR. OKAFOR / RE: BIOPSY RESULTS") to a patient the way it does for names it finds itself; the
 * deny-list findings they yield are dropped again, the image scanner reports those names itself.
 */
export async function scanOcrLines(lines: OcrLine[], scanText: TextScanFn, config?: OrgScanConfig, patients: string[] = []): Promise<OcrScan> {
  const { text, placed } = buildDocument(lines);
  if (!text.trim()) return { findings: [], verdict: "allow", reasons: [] };
  const own = new Set((config?.denyTerms ?? []).map((d) => d.text.toLowerCase()));
  const injected = patients.filter((p) => p.length >= 2 && !own.has(p.toLowerCase()));
  const withNames: OrgScanConfig | undefined = injected.length
    ? { ...config, denyTerms: [...(config?.denyTerms ?? []), ...injected.map((t) => ({ text: t, type: "NAME" as const }))] }
    : config;
  const injectedSet = new Set(injected.map((p) => p.toLowerCase()));
  // source "image": on a chart, label or whiteboard a bare name or "LAST, FIRST" is a patient's.
  const result = await scanText(text, { kind: "post", source: "image", config: withNames });
  const findings: ImageFinding[] = [];
  for (const f of result.findings) {
    if (f.type === "NAME" && injectedSet.has(f.text.toLowerCase())) continue;
    const covered = placed.filter((p) => p.start < f.end && p.end > f.start);
    const box = unionBoxes(covered.map((p) => p.box));
    if (!box) continue;
    // Blend the text scanner's score with how sure OCR was of the covered words.
    const ocrConf = Math.min(...covered.map((p) => p.confidence)) / 100;
    const score = Math.round(f.score * (0.5 + 0.5 * Math.max(0, ocrConf)) * 1000) / 1000;
    if (score < MIN_OCR_FINDING_SCORE) continue;
    findings.push({
      type: f.type,
      text: f.text,
      box,
      score,
      source: "ocr",
      explanation: `visible text: ${f.explanation}`,
    });
  }
  return { findings, verdict: findings.length ? result.verdict : "allow", reasons: result.reasons };
}

const iou = (a: Box, b: Box): number => {
  const x0 = Math.max(a[0], b[0]), y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]), y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / Math.min(a[2] * a[3], b[2] * b[3]);
};

/** Several OCR passes read the same label; keep one finding per place (the longer reading wins). */
export function mergeFindings(lists: ImageFinding[][]): ImageFinding[] {
  const out: ImageFinding[] = [];
  for (const f of lists.flat()) {
    const dup = out.findIndex((o) => o.box && f.box && o.type === f.type && iou(o.box, f.box) > 0.5);
    if (dup < 0) out.push(f);
    else if ((f.text?.length ?? 0) > (out[dup]?.text?.length ?? 0)) out[dup] = f;
  }
  return out;
}
