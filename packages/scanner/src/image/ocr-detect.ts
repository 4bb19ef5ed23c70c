// Text-line detection (DB post-processing of PP-OCRv4's probability map) without opencv: threshold,
// connected components, an oriented rectangle per component from its second moments (so a wristband
// tilted 15° yields a 15° rectangle the recogniser can read straight), then PaddleOCR's "unclip"
// expansion, since the model marks only the shrunken core of each text line.
import sharp from "sharp";
import type { DecodedImage } from "./decode.js";
import type { FloatMap } from "./ocr-engine.js";

/** An oriented text rectangle in original-image pixels: centre, half-extents along and across, angle. */
export interface TextRegion {
  cx: number;
  cy: number;
  /** Length along the text direction. */
  length: number;
  /** Thickness across it (≈ text height after unclip). */
  thickness: number;
  /** Radians; text runs along (cos, sin). */
  angle: number;
  score: number;
}

export interface DetectOptions {
  /** Long side of the detector input; PP-OCR is trained around 960, small print needs more. */
  maxSide: number;
  /** Pixel probability that counts as text (PaddleOCR's det_db_thresh). */
  pixelThreshold: number;
  /** Mean probability a component needs to be kept (det_db_box_thresh). */
  boxThreshold: number;
  unclipRatio: number;
}

export const DEFAULT_DETECT: DetectOptions = { maxSide: 1280, pixelThreshold: 0.3, boxThreshold: 0.5, unclipRatio: 1.6 };

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** Resizes to multiples of 32 (the network's stride) and normalises like PaddleOCR (BGR plane order). */
export async function detectorInput(img: DecodedImage, maxSide: number): Promise<{ data: Float32Array; width: number; height: number }> {
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const width = Math.max(32, Math.round((img.width * scale) / 32) * 32);
  const height = Math.max(32, Math.round((img.height * scale) / 32) * 32);
  const rgb = await sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: "fill", kernel: "cubic" })
    .raw()
    .toBuffer();
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      // Plane 0 is blue, as in the OpenCV pipeline the weights were trained with.
      const v = (rgb[i * 3 + (2 - c)] as number) / 255;
      data[c * plane + i] = (v - (MEAN[c] as number)) / (STD[c] as number);
    }
  }
  return { data, width, height };
}

/**
 * Components of the thresholded map → oriented, unclipped regions scaled to original pixels. `seeds`, when
 * given, collects the components dropped as too small or too faint (centre and extent in original pixels):
 * text a few pixels high at detector scale looks like that, so they tell where a closer look may pay.
 */
export function regionsFromMap(map: FloatMap, sx: number, sy: number, opts: DetectOptions = DEFAULT_DETECT, seeds?: TextRegion[]): TextRegion[] {
  const h = map.dims[2] as number;
  const w = map.dims[3] as number;
  const prob = map.data;
  const label = new Int32Array(w * h);
  const stack: number[] = [];
  const regions: TextRegion[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || (prob[start] as number) <= opts.pixelThreshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    const pixels: number[] = [];
    while (stack.length) {
      const p = stack.pop() as number;
      pixels.push(p);
      const x = p % w;
      const y = (p - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (label[q] === 0 && (prob[q] as number) > opts.pixelThreshold) {
            label[q] = next;
            stack.push(q);
          }
        }
      }
    }
    const region = orientedRegion(pixels, w, prob, sx, sy, opts);
    if (region) regions.push(region);
    else if (seeds && pixels.length >= 3) seeds.push(seedOf(pixels, w, prob, sx, sy));
  }
  return regions;
}

function seedOf(pixels: number[], w: number, prob: Float32Array, sx: number, sy: number): TextRegion {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, score = 0;
  for (const p of pixels) {
    const x = p % w, y = (p - x) / w;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    score += prob[p] as number;
  }
  return { cx: ((x0 + x1 + 1) / 2) * sx, cy: ((y0 + y1 + 1) / 2) * sy, length: (x1 - x0 + 1) * sx, thickness: (y1 - y0 + 1) * sy, angle: 0, score: score / pixels.length };
}

function orientedRegion(pixels: number[], w: number, prob: Float32Array, sx: number, sy: number, opts: DetectOptions): TextRegion | null {
  if (pixels.length < 6) return null;
  let mx = 0, my = 0, score = 0;
  for (const p of pixels) {
    const x = (p % w) * sx, y = Math.floor(p / w) * sy;
    mx += x; my += y; score += prob[p] as number;
  }
  const n = pixels.length;
  mx /= n; my /= n; score /= n;
  if (score < opts.boxThreshold) return null;
  let sxx = 0, syy = 0, sxy = 0;
  for (const p of pixels) {
    const dx = (p % w) * sx - mx, dy = Math.floor(p / w) * sy - my;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  let angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  // Near-horizontal lines are read axis-aligned: resampling a 1° rotation only blurs the glyphs.
  if (Math.abs(angle) < (2 * Math.PI) / 180) angle = 0;
  let box = extents(pixels, w, sx, sy, mx, my, angle);
  // A steep axis on a compact blob is a single tall glyph ("R", "1"), not a vertical line of text.
  if (Math.abs(angle) > Math.PI / 4 && box.length < 2 * box.thickness) {
    angle = 0;
    box = extents(pixels, w, sx, sy, mx, my, 0);
  }
  const cell = Math.max(sx, sy);
  let { length, thickness } = box;
  if (Math.min(length, thickness) < 2 * cell) return null;
  const { cx, cy } = box;
  // Unclip: grow every side by area·ratio/perimeter, as PaddleOCR does with a polygon offset.
  const d = (length * thickness * opts.unclipRatio) / (2 * (length + thickness));
  length += 2 * d;
  thickness += 2 * d;
  return { cx, cy, length, thickness, angle, score };
}

function extents(pixels: number[], w: number, sx: number, sy: number, mx: number, my: number, angle: number) {
  const cos = Math.cos(angle), sin = Math.sin(angle);
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const p of pixels) {
    const x = (p % w) * sx - mx, y = Math.floor(p / w) * sy - my;
    const u = x * cos + y * sin, v = -x * sin + y * cos;
    u0 = Math.min(u0, u); u1 = Math.max(u1, u); v0 = Math.min(v0, v); v1 = Math.max(v1, v);
  }
  // Extents cover whole map cells, so add one cell; the centre moves to the cell centres' midpoint.
  const cell = Math.max(sx, sy);
  const uc = (u0 + u1) / 2, vc = (v0 + v1) / 2;
  return { length: u1 - u0 + cell, thickness: v1 - v0 + cell, cx: mx + uc * cos - vc * sin + sx / 2, cy: my + uc * sin + vc * cos + sy / 2 };
}
