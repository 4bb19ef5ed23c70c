// Second looks for the OCR, run only where the first pass suggests it missed text:
// - dark areas (monitor and ultrasound screens, dark-mode charts): the area is cropped, its contrast
//   stretched and its colours inverted, so dim light-on-dark text becomes the dark-on-light print the
//   detector sees best;
// - small text (a census board at the end of a hallway, med-cart labels, text in a 12-megapixel phone
//   photo that the detector sees at a third of its size): the area is cropped and detected again at up
//   to twice the first pass's scale.
// Each pass yields regions in original-image pixels plus the processed crop they are read from, so
// every word box the caller gets is in original coordinates whatever pass found it.
import sharp from "sharp";
import type { DecodedImage } from "./decode.js";
import { detectorInput, regionsFromMap, type DetectOptions, type TextRegion } from "./ocr-detect.js";
import type { OcrEngine } from "./ocr-engine.js";
import type { Box } from "./ocr.js";

/** A processed crop: pixel (u, v) of `img` shows original point (x0 + u / scale, y0 + v / scale). */
export interface OcrSource {
  img: DecodedImage;
  x0: number;
  y0: number;
  scale: number;
}

/** A region in original pixels and, when it was found in a processed crop, the crop to read it from. */
export interface SourcedRegion {
  region: TextRegion;
  source?: OcrSource;
}

/** Luminance (0–255) of pixel i of packed RGB. */
const lum = (rgb: Buffer, i: number): number => ((rgb[i * 3] as number) * 299 + (rgb[i * 3 + 1] as number) * 587 + (rgb[i * 3 + 2] as number) * 114) / 1000;

const DARK_LEVEL = 60;
/** A sample this much brighter than its cell's darkest one is detail (text strokes, even dim ones). */
const DETAIL_STEP = 30;
/** ... and at least this bright: screen text is lit; the edges of dark objects in a photo are not. */
const DETAIL_LEVEL = 80;
/** Largest luminance spread of a screen's background within one cell. */
const FLAT_SPREAD = 8;
/** Most of a screen cell is background; text strokes cover a small share of it. */
const DARK_SHARE = 0.6;

export interface DarkArea {
  box: Box;
  /** Cells of the area with detail in them (where text may be), in original pixels. */
  detail: Box[];
}

/**
 * Dark, mostly flat areas with a little detail in them: screens showing text, dim text included. A dark
 * coat or a black redaction box has no detail; a night photo is dark everywhere but mostly not flat.
 * Returns at most two areas (largest first) in original pixels.
 */
export function findDarkAreas(img: DecodedImage): DarkArea[] {
  const { width, height, rgb } = img;
  const cell = Math.max(16, Math.round(Math.max(width, height) / 40));
  const cols = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const dark = new Uint8Array(cols * rows);
  const detail = new Float32Array(cols * rows);
  const step = Math.max(2, Math.round(cell / 8));
  const samples: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      samples.length = 0;
      for (let y = r * cell; y < Math.min(height, (r + 1) * cell); y += step) {
        for (let x = c * cell; x < Math.min(width, (c + 1) * cell); x += step) samples.push(lum(rgb, y * width + x));
      }
      const n = samples.length;
      if (!n) continue;
      let darkN = 0, min = 255;
      for (const l of samples) {
        if (l < DARK_LEVEL) darkN++;
        if (l < min) min = l;
      }
      // A screen's background is flat; shadows, hair and dark clothes in a photo are not.
      let bn = 0, bs = 0, bss = 0;
      for (const l of samples) if (l < min + DETAIL_STEP) { bn++; bs += l; bss += l * l; }
      const spread = bn ? Math.sqrt(Math.max(0, bss / bn - (bs / bn) ** 2)) : 99;
      dark[r * cols + c] = darkN / n >= DARK_SHARE && spread <= FLAT_SPREAD ? 1 : 0;
      detail[r * cols + c] = samples.filter((l) => l >= min + DETAIL_STEP && l >= DETAIL_LEVEL).length / n;
    }
  }
  const seen = new Uint8Array(cols * rows);
  const areas: (DarkArea & { cells: number })[] = [];
  const minCells = Math.max(8, Math.round(0.025 * cols * rows));
  for (let start = 0; start < cols * rows; start++) {
    if (!dark[start] || seen[start]) continue;
    const stack = [start];
    seen[start] = 1;
    let c0 = cols, c1 = -1, r0 = rows, r1 = -1, cells = 0, detailSum = 0;
    const detailed: Box[] = [];
    while (stack.length) {
      const p = stack.pop() as number;
      const c = p % cols, r = (p - c) / cols;
      cells++;
      detailSum += detail[p] as number;
      // Detail counts inside the area only: a cell on its edge also sees the lighter surroundings.
      const interior = c > 0 && r > 0 && c < cols - 1 && r < rows - 1 && dark[p - 1] && dark[p + 1] && dark[p - cols] && dark[p + cols];
      if ((detail[p] as number) > 0 && interior) detailed.push([c * cell, r * cell, cell, cell]);
      c0 = Math.min(c0, c); c1 = Math.max(c1, c); r0 = Math.min(r0, r); r1 = Math.max(r1, r);
      for (const q of [p - 1, p + 1, p - cols, p + cols]) {
        if (q < 0 || q >= cols * rows || seen[q] || !dark[q]) continue;
        if ((q === p - 1 && c === 0) || (q === p + 1 && c === cols - 1)) continue;
        seen[q] = 1;
        stack.push(q);
      }
    }
    const share = detailSum / cells;
    // Text: detail in a few cells, but far from all of the area.
    // ... and a screen is a rectangle: its dark cells fill most of their bounding box.
    const fill = cells / ((c1 - c0 + 1) * (r1 - r0 + 1));
    if (cells < minCells || share < 0.002 || share > 0.3 || detailed.length < 3 || fill < 0.6) continue;
    // One cell of margin: the screen's edge rows are often bright text over a lighter bezel.
    const x0 = Math.max(0, (c0 - 1) * cell), y0 = Math.max(0, (r0 - 1) * cell);
    const x1 = Math.min(width, (c1 + 2) * cell), y1 = Math.min(height, (r1 + 2) * cell);
    areas.push({ box: [x0, y0, x1 - x0, y1 - y0], detail: detailed, cells });
  }
  return areas.sort((a, b) => b.cells - a.cells).slice(0, 2).map(({ box, detail: d }) => ({ box, detail: d }));
}

/** Detail cells of a dark area that no first-pass line covers: where the first pass may have missed text. */
export function unexplainedDetail(area: DarkArea, regions: TextRegion[]): number {
  const boxes = regions.map(regionBox);
  return area.detail.filter((c) => !boxes.some((b) => overlapShare(c, b) > 0)).length;
}

/** Text at most this thick at detector scale (≈ 11–13 px print at 1:1) is read again closer up. */
export const SMALL_TEXT = 22;
/** ... and when the tile must be upscaled (the first pass already saw the photo's full resolution). */
const SMALL_UPSCALED = 15;
/** Detector pixels the small-text tiles may add in total (≈ a 900×700 input: ~250 ms on one core). */
const TILE_BUDGET = 640_000;

/**
 * Areas of small text worth a closer look: clusters of thin detected lines, or of confident specks the
 * detector dropped as too small (a line of 5 px letters breaks into dots). `scale` is the first pass's
 * detector scale; each tile comes with the scale to detect it at (up to 2× the first pass, at most 2).
 */
export function smallTextTiles(regions: TextRegion[], seeds: TextRegion[], img: DecodedImage, scale: number, opts: DetectOptions): { box: Box; scale: number }[] {
  const tileScale = Math.min(2, Math.max(1, 2.5 * scale));
  if (tileScale <= scale * 1.2) return [];
  // Upscaling adds no detail, only size: worth it for really tiny text; a tile at the photo's own
  // resolution (the first pass saw it shrunk) also pays for ordinary small print.
  const limit = tileScale > 1 ? SMALL_UPSCALED : SMALL_TEXT;
  const small = regions.filter((r) => r.thickness * scale < limit);
  const specks = seeds.filter((s) => s.score >= opts.boxThreshold && s.thickness * scale >= 2 && s.length * scale <= 40);
  const items = [...small.map((r) => ({ r, line: true })), ...specks.map((r) => ({ r, line: false }))];
  if (!items.length) return [];
  // Single-link clusters: members within four text heights of each other.
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  const near = (a: TextRegion, b: TextRegion): boolean => {
    const reach = 4 * Math.max(a.thickness, b.thickness, 8 / scale);
    return Math.abs(a.cx - b.cx) < (a.length + b.length) / 2 + reach && Math.abs(a.cy - b.cy) < (a.thickness + b.thickness) / 2 + reach;
  };
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) if (near((items[i] as { r: TextRegion }).r, (items[j] as { r: TextRegion }).r)) parent[find(i)] = find(j);
  const groups = new Map<number, { r: TextRegion; line: boolean }[]>();
  items.forEach((it, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), it]));
  const tiles: { box: Box; scale: number; weight: number }[] = [];
  for (const members of groups.values()) {
    const lines = members.filter((m) => m.line).length;
    // A lone speck is noise; three specks in a cluster or one thin line is text.
    if (lines === 0 && members.length < 3) continue;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, pad = 0;
    for (const { r } of members) {
      const hw = (Math.abs(r.length * Math.cos(r.angle)) + Math.abs(r.thickness * Math.sin(r.angle))) / 2;
      const hh = (Math.abs(r.length * Math.sin(r.angle)) + Math.abs(r.thickness * Math.cos(r.angle))) / 2;
      x0 = Math.min(x0, r.cx - hw); x1 = Math.max(x1, r.cx + hw); y0 = Math.min(y0, r.cy - hh); y1 = Math.max(y1, r.cy + hh);
      pad = Math.max(pad, r.thickness);
    }
    pad = Math.max(pad * 1.5, 12 / scale);
    const bx0 = Math.max(0, Math.floor(x0 - pad)), by0 = Math.max(0, Math.floor(y0 - pad));
    const bx1 = Math.min(img.width, Math.ceil(x1 + pad)), by1 = Math.min(img.height, Math.ceil(y1 + pad));
    if (bx1 - bx0 < 8 || by1 - by0 < 8) continue;
    tiles.push({ box: [bx0, by0, bx1 - bx0, by1 - by0], scale: tileScale, weight: lines * 3 + members.length });
  }
  // Best clusters first, within the budget; a tile too big for it is read at the largest scale that fits.
  let budget = TILE_BUDGET;
  const out: { box: Box; scale: number }[] = [];
  for (const t of tiles.sort((a, b) => b.weight - a.weight)) {
    const area = t.box[2] * t.box[3];
    const fit = Math.min(t.scale, Math.sqrt(budget / area), opts.maxSide / Math.max(t.box[2], t.box[3]));
    if (fit <= scale * 1.2) continue;
    out.push({ box: t.box, scale: fit });
    budget -= area * fit * fit;
    if (budget < 40_000) break;
  }
  return out;
}

/** Crops `box`, optionally stretches and inverts it, resizes by `scale`: the source a pass reads from. */
export async function makeSource(img: DecodedImage, box: Box, scale: number, invert: boolean): Promise<OcrSource> {
  const [left, top, width, height] = box;
  const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
  let pipe = sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } }).extract({ left, top, width, height });
  if (w !== width || h !== height) pipe = pipe.resize(w, h, { fit: "fill", kernel: "lanczos3" });
  if (invert) pipe = pipe.normalise({ lower: 1, upper: 99 }).negate();
  const rgb = await pipe.raw().toBuffer();
  return { img: { rgb, width: w, height: h, format: img.format }, x0: left, y0: top, scale: width > 0 ? w / width : 1 };
}

/** Detects text in a source; regions come back in original-image pixels. */
export async function detectSource(engine: OcrEngine, source: OcrSource, opts: DetectOptions): Promise<TextRegion[]> {
  const input = await detectorInput(source.img, opts.maxSide);
  const map = await engine.detect(input.data, input.height, input.width);
  const found = regionsFromMap(map, source.img.width / input.width, source.img.height / input.height, opts);
  return found.map((r) => toOriginal(r, source));
}

export function toOriginal(r: TextRegion, s: OcrSource): TextRegion {
  return { ...r, cx: s.x0 + r.cx / s.scale, cy: s.y0 + r.cy / s.scale, length: r.length / s.scale, thickness: r.thickness / s.scale };
}

export function toSource(r: TextRegion, s: OcrSource): TextRegion {
  return { ...r, cx: (r.cx - s.x0) * s.scale, cy: (r.cy - s.y0) * s.scale, length: r.length * s.scale, thickness: r.thickness * s.scale };
}

/** Axis-aligned bounds of an oriented region. */
export function regionBox(r: TextRegion): Box {
  const hw = (Math.abs(r.length * Math.cos(r.angle)) + Math.abs(r.thickness * Math.sin(r.angle))) / 2;
  const hh = (Math.abs(r.length * Math.sin(r.angle)) + Math.abs(r.thickness * Math.cos(r.angle))) / 2;
  return [r.cx - hw, r.cy - hh, 2 * hw, 2 * hh];
}

const TILE_GROW = 1.3;

const overlapShare = (a: Box, b: Box): number => {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? (w * h) / Math.max(1, a[2] * a[3]) : 0;
};

const inside = (r: TextRegion, box: Box, margin: number): boolean => {
  const [x, y, w, h] = regionBox(r);
  return x >= box[0] + margin && y >= box[1] + margin && x + w <= box[0] + box[2] - margin && y + h <= box[1] + box[3] - margin;
};

/**
 * Adds a pass's regions to the set. A new region counts only where no region was found yet (mostly
 * overlapping none), so the same line is never read twice. `replaceSmall` (a small-text tile read at up
 * to the photo's own resolution, i.e. with detail the first pass did not see): thin first-pass lines in
 * the tile give way to the tile's lines, which also split rows the first pass merged. An upscaled tile
 * adds no detail, so there the first pass's lines stay and the tile only adds lines it alone found. Tile
 * lines cut by the tile's edge are left to the first pass; closer up, the detector hugs the glyphs
 * tighter than at first-pass scale, so tile lines get back the margin the recogniser expects.
 */
export function addPass(current: SourcedRegion[], found: TextRegion[], source: OcrSource, tile: Box, kind: "dark" | "small", scale: number): SourcedRegion[] {
  const margin = 2 / source.scale;
  const replaceSmall = kind === "small" && source.scale <= 1;
  const usable = kind === "dark" ? found : found.filter((r) => inside(r, tile, margin)).map((r) => ({ ...r, thickness: r.thickness * TILE_GROW }));
  if (!usable.length) return current;
  let kept = current;
  if (replaceSmall) {
    kept = current.filter(({ region }) => {
      if (region.thickness * scale >= SMALL_TEXT || !inside(region, tile, -region.thickness)) return true;
      const box = regionBox(region);
      return !usable.some((r) => overlapShare(box, regionBox(r)) > 0.2 || overlapShare(regionBox(r), box) > 0.2);
    });
  }
  const boxes = kept.map(({ region }) => regionBox(region));
  const fresh = usable.filter((r) => {
    const box = regionBox(r);
    return !boxes.some((b) => overlapShare(box, b) > 0.4);
  });
  return [...kept, ...fresh.map((region) => ({ region, source }))];
}
