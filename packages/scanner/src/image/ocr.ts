// OCR over a decoded image: detect text lines (oriented rectangles), read each one straight, and group
// the pieces of one visual row into a line so the text scanner sees a whiteboard or schedule row
// ("9:15  Chen, Wei  colonoscopy") as one context. Word boxes are in original-image pixels.
import type { DecodedImage } from "./decode.js";
import { DEFAULT_DETECT, detectorInput, regionsFromMap, type DetectOptions, type TextRegion } from "./ocr-detect.js";
import type { OcrEngine } from "./ocr-engine.js";
import { cropInput, latinClasses, wordsOfLine } from "./ocr-recognize.js";

export type Box = [number, number, number, number];

export interface OcrWordBox {
  text: string;
  confidence: number;
  box: Box;
  /** Index of the detected text segment the word came from (words of one segment were printed together). */
  segment?: number;
}

export interface OcrLine {
  words: OcrWordBox[];
}

export interface OcrOptions {
  detect?: Partial<DetectOptions>;
  minWordConfidence?: number;
}

export const DEFAULT_OCR = { detect: DEFAULT_DETECT, minWordConfidence: 20 };

const alnumCount = (s: string): number => (s.match(/[\p{L}\p{N}]/gu) ?? []).length;

/**
 * Noise in photos (wood grain, fabric, keyboard keys) comes back as short symbol runs. We keep a word when
 * it is confident, or when it is mostly letters/digits — LSTM confidence is often near 0 for correctly
 * read dates and IDs ("09/23/1980"), so confidence alone would drop exactly the PHI we look for.
 */
export function keepWord(text: string, confidence: number, minConfidence: number): boolean {
  const t = text.trim();
  if (!t) return false;
  const an = alnumCount(t);
  if (an === 0) return false;
  if (confidence >= 60) return true;
  if (confidence < minConfidence && an / t.length < 0.6) return false;
  return an >= 2;
}

/** Pieces of one visual row: centres within half a text height and similar angles. */
export function groupRows(regions: TextRegion[]): TextRegion[][] {
  const rows: TextRegion[][] = [];
  for (const r of [...regions].sort((a, b) => a.cx - b.cx)) {
    const row = rows.find((cands) => {
      const last = cands[cands.length - 1] as TextRegion;
      const dy = Math.abs(r.cy - (last.cy + (r.cx - last.cx) * Math.tan(last.angle)));
      return dy < 0.5 * Math.min(r.thickness, last.thickness) && Math.abs(r.angle - last.angle) < 0.15;
    });
    if (row) row.push(r);
    else rows.push([r]);
  }
  return rows.sort((a, b) => (a[0] as TextRegion).cy - (b[0] as TextRegion).cy);
}

const allowedCache = new WeakMap<OcrEngine, Int32Array>();

/** One pass of detection + recognition; returned as a list of passes for the callers' merge step. */
export async function runOcr(engine: OcrEngine, img: DecodedImage, options: OcrOptions = {}): Promise<OcrLine[][]> {
  const detect = { ...DEFAULT_DETECT, ...options.detect };
  const minConfidence = options.minWordConfidence ?? DEFAULT_OCR.minWordConfidence;
  let allowed = allowedCache.get(engine);
  if (!allowed) {
    allowed = latinClasses(engine.charset);
    allowedCache.set(engine, allowed);
  }
  const input = await detectorInput(img, detect.maxSide);
  const map = await engine.detect(input.data, input.height, input.width);
  const regions = regionsFromMap(map, img.width / input.width, img.height / input.height, detect);
  const lines: OcrLine[] = [];
  let segments = 0;
  for (const row of groupRows(regions)) {
    const words: OcrWordBox[] = [];
    for (const r of row) {
      const crop = cropInput(img, r);
      const out = await engine.recognize(crop.data, crop.width, 48);
      const segment = segments++;
      for (const w of wordsOfLine(out, r, crop.width, crop.inkWidth, engine.charset, allowed, img)) {
        if (keepWord(w.text, w.confidence, minConfidence)) words.push({ ...w, segment });
      }
    }
    if (words.length) lines.push({ words });
  }
  return [lines];
}
