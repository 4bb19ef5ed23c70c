// A light-on-dark screen end to end: found with boxes in original pixels, redacted, re-read after the
// redaction (which runs the same extra passes), and rechecked. The text scanner is the stand-in.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Box } from "./ocr.js";
import { createImageScanner, type ImageScanner } from "./scanner.js";
import { fakeScanText } from "./test-helpers.js";

const SCREEN: Box = [160, 200, 720, 300];
let scanner: ImageScanner;
let photo: Buffer;

beforeAll(async () => {
  scanner = await createImageScanner({ scanText: fakeScanText, faces: false });
  const [x, y, w, h] = SCREEN;
  const rows = ["MRN 60418837", "DOB 11/09/1939"].map((t, i) => `<text x="${x + 40}" y="${y + 100 + i * 90}" font-family="DejaVu Sans Mono" font-size="34" fill="#e8eef4">${t}</text>`).join("");
  const wall = await sharp({ create: { width: 1280, height: 960, channels: 3, background: "#000", noise: { type: "gaussian", mean: 150, sigma: 30 } } }).blur(2.5).png().toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="960"><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#080a0d"/>${rows}</svg>`;
  photo = await sharp(wall).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 88 }).toBuffer();
}, 60_000);

afterAll(async () => {
  await scanner?.close();
});

const within = ([x, y, w, h]: Box, [bx, by, bw, bh]: Box) => x >= bx && y >= by && x + w <= bx + bw && y + h <= by + bh;

describe("a dark screen through scan, redact and recheck", () => {
  it("finds the screen's PHI inside the screen and redacts it so the re-read finds nothing", async () => {
    const result = await scanner.scan(photo);
    const found = result.findings.filter((f) => f.source === "ocr");
    expect(found.map((f) => f.type).sort()).toEqual(["DATE", "ID"]);
    for (const f of found) expect(within(f.box as Box, SCREEN), f.text).toBe(true);

    const boxes = found.map((f) => f.box as Box);
    const out = await scanner.redact(photo, boxes, { mode: "fill" });
    const again = await scanner.scan(out.bytes, { recheck: found.map((f) => ({ box: f.box as Box, text: f.text ?? "" })) });
    expect(again.findings.filter((f) => f.source === "ocr")).toEqual([]);
    expect(again.stillReadable).toEqual([false, false]);
  }, 60_000);
});
