// OCR over a decoded image: preprocessing, one or more recognition passes, and mapping of every word box
// back to original-image pixels. Scene text in photos is small, low-contrast and often tilted, so each
// pass sees a grayscale, contrast-stretched (and for small images upscaled) copy; sparse-text mode finds
// isolated labels and uniform-block mode recovers lines that sparse mode splits or misses.
import sharp from "sharp";
import type { DecodedImage } from "./decode.js";
import type { OcrPool, Psm } from "./ocr-pool.js";

export type Box = [number, number, number, number];

export interface OcrWordBox {
  text: string;
  confidence: number;
  box: Box;
}

export interface OcrLine {
  words: OcrWordBox[];
}

export interface OcrPass {
  psm: Psm;
}

export interface OcrOptions {
  passes?: OcrPass[];
  /** Images whose long side is below this are upscaled to it; tesseract reads ~20 px glyphs best. */
  minLongSide?: number;
  /** Images whose long side is above this are downscaled (OCR time grows with pixel count). */
  maxLongSide?: number;
  minWordConfidence?: number;
}

export const DEFAULT_OCR: Required<OcrOptions> = {
  passes: [{ psm: "11" }, { psm: "6" }],
  minLongSide: 1000,
  maxLongSide: 1400,
  minWordConfidence: 20,
};

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

/** Grayscale + contrast stretch + resize, as PNG for tesseract. Returns the scale from original pixels. */
export async function preprocess(img: DecodedImage, opts: Required<OcrOptions>): Promise<{ png: Buffer; scale: number }> {
  const long = Math.max(img.width, img.height);
  let scale = 1;
  if (long < opts.minLongSide) scale = opts.minLongSide / long;
  else if (long > opts.maxLongSide) scale = opts.maxLongSide / long;
  let p = sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } }).grayscale().normalise({ lower: 1, upper: 99 });
  if (scale !== 1) {
    p = p.resize(Math.round(img.width * scale), Math.round(img.height * scale), { kernel: "lanczos3", fit: "fill" });
  }
  // No sharpening: on textured backgrounds it multiplies the connected components tesseract must
  // classify (one noisy test photo went from 0.4 s to over 100 s).
  const png = await p.png({ compressionLevel: 1 }).toBuffer();
  return { png, scale };
}

export async function runOcr(pool: OcrPool, img: DecodedImage, options: OcrOptions = {}): Promise<OcrLine[][]> {
  const opts = { ...DEFAULT_OCR, ...options };
  const { png, scale } = await preprocess(img, opts);
  const clampBox = (x0: number, y0: number, x1: number, y1: number): Box => {
    const x = Math.max(0, Math.floor(x0 / scale));
    const y = Math.max(0, Math.floor(y0 / scale));
    const r = Math.min(img.width, Math.ceil(x1 / scale));
    const b = Math.min(img.height, Math.ceil(y1 / scale));
    return [x, y, Math.max(1, r - x), Math.max(1, b - y)];
  };
  // Passes run in parallel when the pool has more than one worker.
  return Promise.all(
    opts.passes.map(async (pass) => {
      const raw = await pool.recognize(png, pass.psm);
      const lines: OcrLine[] = [];
      for (const line of raw) {
        const words = line.words
          .filter((w) => keepWord(w.text, w.confidence, opts.minWordConfidence))
          .map((w) => ({ text: w.text.trim(), confidence: w.confidence, box: clampBox(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1) }));
        if (words.length) lines.push({ words });
      }
      return lines;
    }),
  );
}
