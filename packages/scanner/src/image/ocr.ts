// OCR over a decoded image: detect text lines (oriented rectangles), read each one straight, and group
// the pieces of one visual row into a line so the text scanner sees a whiteboard or schedule row
// ("9:15  Chen, Wei  colonoscopy") as one context. Word boxes are in original-image pixels.
import type { DecodedImage } from "./decode.js";
import { DEFAULT_DETECT, detectorInput, regionsFromMap, type DetectOptions, type TextRegion } from "./ocr-detect.js";
import type { OcrEngine } from "./ocr-engine.js";
import { addPass, detectSource, findDarkAreas, makeSource, smallTextTiles, toSource, unexplainedDetail, type OcrSource, type SourcedRegion } from "./ocr-passes.js";
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
  /** Set false to read only the first pass (no inverted dark-area or small-text second looks). */
  extraPasses?: boolean;
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

/** A first-pass reading below this mean confidence in a dark area is read again from the inverted crop. */
const REREAD_BELOW = 80;
/** Detail cells of a dark area outside every first-pass line before the area is searched again. */
const DARK_UNEXPLAINED = 3;

/**
 * Detection + recognition, with second looks where the first pass suggests missed text (ocr-passes.ts):
 * dark screen areas are searched again inverted, small text again closer up. All regions are grouped
 * into rows together, so a label found in one pass and its value found in another still share a line.
 * Returned as a list of passes for the callers' merge step (today a single merged pass).
 */
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
  const scale = input.width / img.width;
  const seeds: TextRegion[] = [];
  const first = regionsFromMap(map, img.width / input.width, img.height / input.height, detect, seeds);
  let regions: SourcedRegion[] = first.map((region) => ({ region }));
  const dark: OcrSource[] = [];
  if (options.extraPasses !== false) {
    for (const area of findDarkAreas(img)) {
      const source = await makeSource(img, area.box, Math.min(2, Math.max(1, 480 / Math.max(area.box[2], area.box[3]))), true);
      dark.push(source);
      // Detect again only where the screen shows detail that no first-pass line explains.
      if (unexplainedDetail(area, first) >= DARK_UNEXPLAINED) regions = addPass(regions, await detectSource(engine, source, detect), source, area.box, "dark", scale);
    }
    for (const tile of smallTextTiles(first, seeds, img, scale, detect)) {
      const source = await makeSource(img, tile.box, tile.scale, false);
      regions = addPass(regions, await detectSource(engine, source, detect), source, tile.box, "small", scale);
    }
  }
  const sourceOf = new Map(regions.map((r) => [r.region, r.source]));
  const lines: OcrLine[] = [];
  let segments = 0;
  for (const row of groupRows(regions.map((r) => r.region))) {
    const words: OcrWordBox[] = [];
    for (const r of row) {
      let read = await readRegion(engine, img, r, sourceOf.get(r), allowed);
      const screen = !sourceOf.get(r) && read.mean < REREAD_BELOW ? dark.find((s) => containsCentre(s, r)) : undefined;
      if (screen) {
        const again = await readRegion(engine, img, r, screen, allowed);
        if (again.mean > read.mean) read = again;
      }
      const segment = segments++;
      for (const w of read.words) {
        if (keepWord(w.text, w.confidence, minConfidence)) words.push({ ...w, segment });
      }
    }
    if (words.length) lines.push({ words });
  }
  return [lines];
}

function containsCentre(s: OcrSource, r: TextRegion): boolean {
  const u = (r.cx - s.x0) * s.scale, v = (r.cy - s.y0) * s.scale;
  return u >= 0 && v >= 0 && u < s.img.width && v < s.img.height;
}

/** Reads one region from the original image or from a pass's processed crop; boxes in original pixels. */
async function readRegion(engine: OcrEngine, img: DecodedImage, r: TextRegion, source: OcrSource | undefined, allowed: Int32Array): Promise<{ words: OcrWordBox[]; mean: number }> {
  const from = source ? source.img : img;
  const local = source ? toSource(r, source) : r;
  const crop = cropInput(from, local);
  const out = await engine.recognize(crop.data, crop.width, 48);
  let words = wordsOfLine(out, local, crop.width, crop.inkWidth, engine.charset, allowed, from);
  if (source) {
    words = words.map((w) => {
      const [x, y, bw, bh] = w.box;
      const x0 = Math.max(0, Math.floor(source.x0 + x / source.scale)), y0 = Math.max(0, Math.floor(source.y0 + y / source.scale));
      const x1 = Math.min(img.width, Math.ceil(source.x0 + (x + bw) / source.scale)), y1 = Math.min(img.height, Math.ceil(source.y0 + (y + bh) / source.scale));
      return { ...w, box: [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)] as Box };
    });
  }
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  const mean = chars ? words.reduce((s, w) => s + w.confidence * w.text.length, 0) / chars : 0;
  return { words, mean };
}

/** OCR lines as plain text: words left to right, rows top to bottom (by their topmost word). */
export function ocrText(lines: OcrLine[]): { text: string; lines: number } {
  const rows = lines
    .filter((l) => l.words.length > 0)
    .map((l) => ({ top: Math.min(...l.words.map((w) => w.box[1])), text: [...l.words].sort((a, b) => a.box[0] - b.box[0]).map((w) => w.text).join(" ").trim() }))
    .filter((r) => r.text)
    .sort((a, b) => a.top - b.top);
  return { text: rows.map((r) => r.text).join("\n"), lines: rows.length };
}
