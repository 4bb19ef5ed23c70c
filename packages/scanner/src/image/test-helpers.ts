// Test fixtures generated on the fly (no binary fixtures in the repo) plus a deterministic stand-in for
// the text scanner, so image-pipeline tests do not depend on the text scanner's rules.
import { crc32, deflateSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll } from "vitest";
import type { TextFinding, TextScanResult } from "../types.js";
import { OcrEngine } from "./ocr-engine.js";
import type { TextScanFn } from "./text-map.js";

const require = createRequire(import.meta.url);

/** Flags MRNs, slash dates and any configured deny term; enough to exercise OCR → finding → box mapping. */
export const fakeScanText: TextScanFn = (text, options) => {
  const findings: TextFinding[] = [];
  const add = (re: RegExp, type: TextFinding["type"]) => {
    for (const m of text.matchAll(re)) {
      findings.push({ type, start: m.index, end: m.index + m[0].length, text: m[0], score: 0.9, recognizer: "fake", explanation: `fake ${type}` });
    }
  };
  add(/\bMRN[:#]?\s*\d{5,}/g, "ID");
  add(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, "DATE");
  for (const d of options.config?.denyTerms ?? []) {
    add(new RegExp(d.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), d.type);
  }
  const result: TextScanResult = { verdict: findings.length ? "block" : "allow", findings, reasons: [] };
  return result;
};

export interface Label {
  text: string;
  x: number;
  y: number;
  size: number;
  font?: string;
  rotate?: number;
}

/** A photo-like noisy background with white labels of dark text composited on it. */
export async function labelledPhoto(width: number, height: number, labels: Label[]): Promise<Buffer> {
  const items = labels
    .map((l) => {
      const w = Math.round(l.text.length * l.size * 0.62 + 30);
      const h = Math.round(l.size * 1.8);
      return `<g transform="rotate(${l.rotate ?? 0} ${l.x} ${l.y})"><rect x="${l.x - 15}" y="${l.y - l.size * 1.25}" width="${w}" height="${h}" fill="#f4f1ea"/>` +
        `<text x="${l.x}" y="${l.y}" font-family="${l.font ?? "DejaVu Sans"}" font-size="${l.size}" fill="#1d2230">${l.text}</text></g>`;
    })
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${items}</svg>`;
  // Blurred noise looks like a photographed wall or desk: texture without pixel-level static.
  const wall = await sharp({ create: { width, height, channels: 3, background: "#000", noise: { type: "gaussian", mean: 140, sigma: 30 } } })
    .blur(2.5)
    .png()
    .toBuffer();
  return sharp(wall)
    .composite([{ input: Buffer.from(svg), left: 0, top: 0 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** A PNG with only a header claiming width×height (and a token IDAT): a decompression-bomb stand-in. */
export function hugePngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Inserts a tEXt chunk (keyword\0text) after IHDR of a PNG. */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.from(`${keyword}\0${text}`, "latin1");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from("tEXt", "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  const ihdrEnd = 8 + 25;
  return Buffer.concat([png.subarray(0, ihdrEnd), len, td, crc, png.subarray(ihdrEnd)]);
}

/** Real group photos shipped with @vladmandic/face-api (sample1..6.jpg). */
export function faceSamplePath(n: number): string {
  const dist = path.dirname(require.resolve("@vladmandic/face-api"));
  return path.resolve(dist, "..", "demo", `sample${n}.jpg`);
}

/**
 * One single-thread OCR engine for a describe block, created before its tests and closed after them:
 * `const engine = sharedOcrEngine();` then `engine()` inside a test.
 */
export function sharedOcrEngine(): () => OcrEngine {
  let engine: OcrEngine | undefined;
  beforeAll(async () => {
    engine = await OcrEngine.create(1);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });
  return () => {
    if (!engine) throw new Error("the OCR engine is made in beforeAll");
    return engine;
  };
}
