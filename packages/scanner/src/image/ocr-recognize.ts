// Line recognition: each detected (possibly tilted) region is resampled straight into a 48 px high crop,
// read by the PP-OCRv4 recogniser and CTC-decoded into words with boxes. The model's charset is mostly
// Chinese; restricting the decoder to Latin characters stops photo noise being read as CJK glyphs and
// lets the Latin reading win where the two compete. That model rarely emits spaces in English, so word
// breaks come from runs of blank timesteps wider than the line's usual letter spacing.
import type { DecodedImage } from "./decode.js";
import type { TextRegion } from "./ocr-detect.js";
import type { FloatMap } from "./ocr-engine.js";
import type { Box, OcrWordBox } from "./ocr.js";

export const REC_HEIGHT = 48;
const MAX_REC_WIDTH = 1600;
const WIDTH_STEP = 64;

/** Bilinear resample of an oriented region into a normalised [3, 48, W] tensor (BGR planes, −1…1). */
export function cropInput(img: DecodedImage, r: TextRegion): { data: Float32Array; width: number; inkWidth: number } {
  const inkWidth = Math.max(16, Math.min(MAX_REC_WIDTH, Math.round((r.length / r.thickness) * REC_HEIGHT)));
  // The tensor width is rounded up to a multiple of 64 and padded with 0 (mid-grey after normalisation,
  // as PaddleOCR pads batches): a handful of distinct input shapes lets onnxruntime reuse its memory
  // plans instead of growing the heap with one plan per line width.
  const width = Math.ceil(inkWidth / WIDTH_STEP) * WIDTH_STEP;
  const plane = width * REC_HEIGHT;
  const data = new Float32Array(3 * plane);
  const cos = Math.cos(r.angle), sin = Math.sin(r.angle);
  const { rgb, width: iw, height: ih } = img;
  for (let j = 0; j < REC_HEIGHT; j++) {
    const t = ((j + 0.5) / REC_HEIGHT - 0.5) * r.thickness;
    for (let i = 0; i < inkWidth; i++) {
      const s = ((i + 0.5) / inkWidth - 0.5) * r.length;
      const x = Math.min(iw - 1, Math.max(0, r.cx + s * cos - t * sin - 0.5));
      const y = Math.min(ih - 1, Math.max(0, r.cy + s * sin + t * cos - 0.5));
      const x0 = Math.floor(x), y0 = Math.floor(y);
      const x1 = Math.min(iw - 1, x0 + 1), y1 = Math.min(ih - 1, y0 + 1);
      const fx = x - x0, fy = y - y0;
      const o = j * width + i;
      for (let c = 0; c < 3; c++) {
        const a = rgb[(y0 * iw + x0) * 3 + c] as number, b = rgb[(y0 * iw + x1) * 3 + c] as number;
        const d = rgb[(y1 * iw + x0) * 3 + c] as number, e = rgb[(y1 * iw + x1) * 3 + c] as number;
        const v = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
        data[(2 - c) * plane + o] = v / 127.5 - 1;
      }
    }
  }
  return { data, width, inkWidth };
}

const LATIN = /^[\x21-\x7e\u00c0-\u024f\u00b0\u00b7\u2019\u2013]$/u;

/** Class indices the decoder may pick: blank, space and Latin letters/digits/punctuation. */
export function latinClasses(charset: string[]): Int32Array {
  const keep: number[] = [0];
  charset.forEach((ch, i) => {
    if (i > 0 && (ch === " " || LATIN.test(ch))) keep.push(i);
  });
  return Int32Array.from(keep);
}

interface Glyph {
  ch: string;
  first: number;
  last: number;
  prob: number;
  /** Highest space-class probability in the blank run before this glyph: the model's own hint of a word break. */
  spaceBefore: number;
}

/** Greedy CTC decode over the allowed classes; returns glyphs with their timestep spans. */
export function ctcDecode(out: FloatMap, charset: string[], allowed: Int32Array): Glyph[] {
  const steps = out.dims[1] as number;
  const classes = out.dims[2] as number;
  const space = charset.length - 1;
  const glyphs: Glyph[] = [];
  let prev = 0;
  let spaceSeen = 0;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0, bestP = -1;
    for (const k of allowed) {
      const p = out.data[row + k] as number;
      if (p > bestP) { bestP = p; best = k; }
    }
    const last = glyphs[glyphs.length - 1];
    if (best !== 0 && best === prev && last) {
      last.last = t;
      last.prob = Math.max(last.prob, bestP);
    } else if (best !== 0) {
      glyphs.push({ ch: charset[best] ?? "", first: t, last: t, prob: bestP, spaceBefore: spaceSeen });
      spaceSeen = 0;
    } else spaceSeen = Math.max(spaceSeen, out.data[row + space] as number);
    prev = best;
  }
  return glyphs;
}

/** Space-class probability in a blank run that marks a word break (real breaks read 0.07–0.5, letters < 0.01). */
const SPACE_HINT = 0.05;

/** "DOE,ROBERT" / "RE:Jamal" / "WHITFIELD.J.": a comma (or a colon after a word) before a letter, or a period between capitals. */
function punctuationBreak(glyphs: Glyph[], i: number): boolean {
  const prev = glyphs[i - 1]?.ch ?? "", before = glyphs[i - 2]?.ch ?? "", ch = glyphs[i]?.ch ?? "";
  if (!/\p{L}/u.test(ch)) return false;
  if (prev === "," || (prev === ":" && /\p{L}/u.test(before))) return true;
  return prev === "." && /\p{Lu}/u.test(before) && /\p{Lu}/u.test(ch);
}

/**
 * Splits glyphs into words: at emitted spaces, and where the blank run between two glyphs is much wider
 * than the line's typical gap (the model often drops the space in "KOWALSKI, ANNA" → "KOWALSKI,ANNA").
 */
export function splitWords(glyphs: Glyph[], stepsPerHeight: number): Glyph[][] {
  const gaps = glyphs.slice(1).map((g, i) => g.first - (glyphs[i] as Glyph).last);
  const sorted = [...gaps].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] ?? 1;
  const wide = Math.max(typical + 3, typical * 2.5, stepsPerHeight * 0.75);
  const words: Glyph[][] = [];
  let cur: Glyph[] = [];
  glyphs.forEach((g, i) => {
    if (g.ch === " ") {
      if (cur.length) words.push(cur);
      cur = [];
      return;
    }
    if (cur.length && i > 0 && ((gaps[i - 1] as number) >= wide || g.spaceBefore >= SPACE_HINT || punctuationBreak(glyphs, i))) {
      words.push(cur);
      cur = [];
    }
    cur.push(g);
  });
  if (cur.length) words.push(cur);
  return words;
}

/** Word glyph spans → texts, confidences (0–100) and axis-aligned boxes in original pixels. */
export function wordsOfLine(out: FloatMap, r: TextRegion, tensorWidth: number, inkWidth: number, charset: string[], allowed: Int32Array, img: DecodedImage): OcrWordBox[] {
  const steps = out.dims[1] as number;
  const glyphs = ctcDecode(out, charset, allowed);
  const perStep = tensorWidth / steps;
  const words = splitWords(glyphs, REC_HEIGHT / perStep);
  const cos = Math.cos(r.angle), sin = Math.sin(r.angle);
  return words.map((ws) => {
    const first = ws[0] as Glyph, last = ws[ws.length - 1] as Glyph;
    // CTC fires near a glyph's middle, so the span of firing steps is narrower than the ink: grow it by
    // about half a glyph (a third of the line height) each way, within the detected line.
    const pad = 0.35 * r.thickness;
    const a = Math.max(-r.length / 2, ((first.first * perStep) / inkWidth - 0.5) * r.length - pad);
    const b = Math.min(r.length / 2, (((last.last + 1) * perStep) / inkWidth - 0.5) * r.length + pad);
    const ht = r.thickness / 2;
    const corners = [[a, -ht], [b, -ht], [a, ht], [b, ht]].map(([s, t]) => [r.cx + (s as number) * cos - (t as number) * sin, r.cy + (s as number) * sin + (t as number) * cos] as const);
    const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
    const x0 = Math.max(0, Math.floor(Math.min(...xs))), y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const x1 = Math.min(img.width, Math.ceil(Math.max(...xs))), y1 = Math.min(img.height, Math.ceil(Math.max(...ys)));
    const box: Box = [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
    const confidence = Math.round((100 * ws.reduce((s, g) => s + g.prob, 0)) / ws.length);
    return { text: fixDigitLetters(ws.map((g) => g.ch).join("")), confidence, box };
  });
}

/** "D0E," → "DOE,": in a word that is mostly letters, a zero is the letter O (the model confuses them in caps). */
export function fixDigitLetters(word: string): string {
  const letters = (word.match(/\p{L}/gu) ?? []).length;
  const digits = (word.match(/\d/g) ?? []).length;
  if (digits === 0 || letters <= digits || /[1-9]/.test(word)) return word;
  return word.replace(/0/g, /\p{Lu}/u.test(word) && word === word.toUpperCase() ? "O" : "o");
}
