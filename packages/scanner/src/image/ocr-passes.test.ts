// The OCR's second looks: the inverted pass over dark screens and the closer look at small print.
// Pure steps first, then the real OCR model on generated photos (sharp + SVG text).
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImage, type DecodedImage } from "./decode.js";
import type { TextRegion } from "./ocr-detect.js";
import { runOcr, type Box } from "./ocr.js";
import { addPass, detectSource, findDarkAreas, makeSource, smallTextTiles, toOriginal, toSource } from "./ocr-passes.js";
import { labelledPhoto, sharedOcrEngine } from "./test-helpers.js";
import { DEFAULT_DETECT } from "./ocr-detect.js";

const SCREEN: Box = [140, 160, 760, 320];

async function wall(width: number, height: number, svg: string): Promise<DecodedImage> {
  const bg = await sharp({ create: { width, height, channels: 3, background: "#000", noise: { type: "gaussian", mean: 150, sigma: 30 } } }).blur(2.5).png().toBuffer();
  const jpg = await sharp(bg).composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svg}</svg>`) }]).jpeg({ quality: 85 }).toBuffer();
  return decodeImage(jpg, 40_000_000);
}

/** A monitor: white and grey text on a near-black panel. */
const screen = () => {
  const [x, y, w, h] = SCREEN;
  const rows = ["QUINTERO, AUGUSTINE", "MRN 77190452", "DOB 05/30/1946"].map((t, i) => `<text x="${x + 30}" y="${y + 70 + i * 70}" font-family="DejaVu Sans" font-size="30" fill="${i ? "#9aa4ae" : "#ffffff"}">${t}</text>`);
  return wall(1280, 960, `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#0a0c10"/>${rows.join("")}`);
};

const region = (cx: number, cy: number, length: number, thickness: number): TextRegion => ({ cx, cy, length, thickness, angle: 0, score: 0.8 });
const inBox = ([x, y, w, h]: Box, [bx, by, bw, bh]: Box) => x >= bx && y >= by && x + w <= bx + bw && y + h <= by + bh;

describe("findDarkAreas", () => {
  it("finds a screen's panel, but not light labels, nor a black box with nothing on it", async () => {
    const [area, ...rest] = findDarkAreas(await screen());
    expect(rest).toEqual([]);
    expect(area).toBeDefined();
    const [x, y, w, h] = area?.box ?? [0, 0, 0, 0];
    expect(x).toBeLessThanOrEqual(SCREEN[0]);
    expect(y).toBeLessThanOrEqual(SCREEN[1]);
    expect(x + w).toBeGreaterThanOrEqual(SCREEN[0] + SCREEN[2]);
    expect(w * h).toBeLessThan(2 * SCREEN[2] * SCREEN[3]);
    const labels = await decodeImage(await labelledPhoto(1280, 960, [{ text: "Visiting hours 9-5", x: 200, y: 300, size: 30 }]), 40_000_000);
    expect(findDarkAreas(labels)).toEqual([]);
    expect(findDarkAreas(await wall(1280, 960, `<rect x="300" y="300" width="500" height="300" fill="#000"/>`))).toEqual([]);
  });
});

describe("small-text tiles and merging passes", () => {
  it("asks for a closer look only at thin lines, within the image", () => {
    const img = { rgb: Buffer.alloc(0), width: 1280, height: 960, format: "jpeg" as const };
    expect(smallTextTiles([region(300, 300, 200, 40)], [], img, 1, DEFAULT_DETECT)).toEqual([]);
    const tiles = smallTextTiles([region(300, 300, 120, 12), region(300, 318, 120, 12), region(900, 800, 200, 40)], [], img, 1, DEFAULT_DETECT);
    expect(tiles).toHaveLength(1);
    const [x, y, w, h] = tiles[0]?.box ?? [0, 0, 0, 0];
    expect(x).toBeLessThan(240);
    expect(y).toBeLessThan(294);
    expect(x + w).toBeGreaterThan(360);
    expect(y + h).toBeLessThan(400);
    expect(tiles[0]?.scale).toBe(2);
  });

  it("maps regions between a crop and the original, and never reads one line twice", () => {
    const source = { img: { rgb: Buffer.alloc(0), width: 400, height: 200, format: "jpeg" as const }, x0: 100, y0: 50, scale: 2 };
    const r = region(300, 120, 80, 20);
    expect(toOriginal(toSource(r, source), source)).toEqual(r);
    const first = [{ region: region(200, 100, 100, 20) }];
    // The inverted pass found the same line again and one the first pass missed.
    const merged = addPass(first, [region(201, 101, 98, 20), region(200, 160, 100, 20)], source, [100, 50, 200, 100], "dark", 1);
    expect(merged.map((m) => [m.region.cy, !!m.source])).toEqual([[100, false], [160, true]]);
  });
});

describe("extra OCR passes with the model", () => {
  const engine = sharedOcrEngine();

  it("reads light-on-dark screen text, and the inverted pass's regions land on it in original pixels", async () => {
    const img = await screen();
    const [area] = findDarkAreas(img);
    if (!area) throw new Error("no dark area");
    const source = await makeSource(img, area.box, 1, true);
    const regions = await detectSource(engine(), source, DEFAULT_DETECT);
    expect(regions.length).toBeGreaterThanOrEqual(3);
    for (const r of regions) expect(inBox([r.cx, r.cy, 1, 1], SCREEN)).toBe(true);

    const words = (await runOcr(engine(), img)).flat().flatMap((l) => l.words);
    const text = words.map((w) => w.text).join(" ");
    expect(text).toMatch(/77190452/);
    expect(text).toMatch(/05\/30\/1946/);
    for (const w of words.filter((w) => /\d{5,}|QUINTERO/.test(w.text))) expect(inBox(w.box, SCREEN)).toBe(true);
  }, 30_000);

  it("reads small print in a large photo that the first pass sees shrunk", async () => {
    const ids = [0, 1, 2, 3, 4].map((i) => `${40 + i}-${70318 + i * 11}`);
    const rows = ids.map((id, i) => `<text x="2010" y="${1530 + i * 26}" font-family="DejaVu Sans" font-size="12" fill="#222">PELLETIER, RUTH  Specimen ${id}</text>`).join("");
    const img = await wall(3200, 2400, `<rect x="1990" y="1500" width="420" height="150" fill="#f4f1ea"/>${rows}`);
    const read = async (extraPasses: boolean) => (await runOcr(engine(), img, { extraPasses })).flat().flatMap((l) => l.words);
    // OCR may drop the dash ("4470362"); the digits are what identify the specimen.
    const digits = (s: string) => s.replace(/\D/g, "");
    const has = (w: { text: string }, id: string) => digits(w.text).includes(digits(id));
    const closer = await read(true);
    expect(ids.filter((id) => closer.some((w) => has(w, id)))).toEqual(ids);
    for (const w of closer.filter((w) => ids.some((id) => has(w, id)))) expect(inBox(w.box, [1980, 1490, 440, 170])).toBe(true);
    const first = await read(false);
    expect(ids.filter((id) => first.some((w) => has(w, id))).length).toBeLessThan(ids.length);
  }, 60_000);
});
