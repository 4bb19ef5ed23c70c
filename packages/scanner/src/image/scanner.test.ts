// End-to-end tests of the image pipeline with real OCR and face models. The text scanner is replaced by
// a deterministic stand-in (test-helpers.ts) so these tests pin the image side only; the eval test uses
// the real one. One scanner is shared: creating it is the expensive part, as in production.
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImageFinding, OrgScanConfig } from "../types.js";
import { ImageInputError, RedactionError } from "./errors.js";
import { readMetadata } from "./metadata.js";
import type { Box } from "./ocr.js";
import { createImageScanner, type ImageScanner } from "./scanner.js";
import { faceSamplePath, fakeScanText, hugePngHeader, labelledPhoto } from "./test-helpers.js";

let scanner: ImageScanner;
let phiPhoto: Buffer;
const config: OrgScanConfig = { denyTerms: [{ text: "DOE, JANE", type: "NAME" }] };

beforeAll(async () => {
  scanner = await createImageScanner({ scanText: fakeScanText, ocrWorkers: 1 });
  phiPhoto = await labelledPhoto(1280, 960, [
    { text: "Quiet please", x: 120, y: 150, size: 34 },
    { text: "MRN 5530917  DOE, JANE", x: 640, y: 560, size: 30, rotate: -3 },
    { text: "DOB 04/11/1957", x: 660, y: 640, size: 28, font: "DejaVu Serif", rotate: -3 },
  ]);
}, 60_000);

afterAll(async () => {
  await scanner?.close();
});

const within = (box: Box | undefined, [x, y, w, h]: Box) =>
  !!box && box[0] >= x && box[1] >= y && box[0] + box[2] <= x + w && box[1] + box[3] <= y + h;
const ocrFindings = (fs: ImageFinding[]) => fs.filter((f) => f.source === "ocr");

describe("image scanner", () => {
  it("says how long each of its engines took to load (they load together; bench:images reports it)", () => {
    const t = scanner.loadTimings!;
    expect(t.ocrMs).toBeGreaterThan(0);
    expect(t.facesMs).toBeGreaterThan(0);
    expect(t.totalMs).toBeGreaterThanOrEqual(Math.max(t.ocrMs, t.facesMs!));
  });

  it("survives bad input in sequence and then scans a photo, boxes in original pixels", async () => {
    const jpg = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    const frame = (c: string) => sharp({ create: { width: 20, height: 20, channels: 3, background: c } }).png().toBuffer();
    const bad: [string, Uint8Array][] = [
      ["truncated JPEG", jpg.subarray(0, jpg.length >> 1)],
      ["30000×30000 PNG", hugePngHeader(30000, 30000)],
      ["SVG", Buffer.from("<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'><text>MRN 1234567</text></svg>")],
      ["PDF renamed .jpg", Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n")],
      ["executable renamed .jpg", Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0])],
      ["0-byte file", new Uint8Array(0)],
      ["animated GIF", await sharp(await Promise.all([frame("red"), frame("blue")]), { join: { animated: true } }).gif().toBuffer()],
    ];
    for (const [name, bytes] of bad) {
      const err = await scanner.scan(bytes).then(() => null, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(ImageInputError);
      expect((err as Error).message, name).not.toMatch(/1234567/);
    }

    const result = await scanner.scan(phiPhoto, { config });
    expect(result).toMatchObject({ verdict: "block", faces: 0, width: 1280, height: 960, format: "jpeg" });
    const texts = ocrFindings(result.findings).map((f) => f.text);
    expect(texts.join(" | ")).toMatch(/5530917/);
    expect(texts.join(" | ")).toMatch(/04\/11\/1957/);
    // The labels sit around (620..1130, 500..660); every OCR box must fall in that area.
    for (const f of ocrFindings(result.findings)) expect(within(f.box, [560, 470, 640, 240]), f.text).toBe(true);
  });

  it("reports boxes after auto-orientation for EXIF-rotated photos", async () => {
    // Stored rotated 90° CCW with orientation 6: viewers (and our boxes) see the upright photo.
    const stored = await sharp(phiPhoto).rotate(-90).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await scanner.scan(stored, { config });
    expect([result.width, result.height]).toEqual([1280, 960]);
    const ids = ocrFindings(result.findings).filter((f) => f.type === "ID");
    expect(ids.length).toBeGreaterThan(0);
    for (const f of ids) expect(within(f.box, [560, 470, 640, 240])).toBe(true);
  });

  it("counts faces in real group photos and asks for review when no PHI text is shown", async () => {
    const expected: Record<number, number> = { 4: 4, 6: 4 };
    for (const [n, count] of Object.entries(expected)) {
      // The samples carry GPS in EXIF; re-encoding drops it so only the faces drive the verdict.
      const photo = await sharp(await readFile(faceSamplePath(Number(n)))).jpeg().toBuffer();
      const result = await scanner.scan(photo);
      expect(result.faces, `sample${n}`).toBe(count);
      expect(result.findings.filter((f) => f.type === "FACE")).toHaveLength(count);
      expect(result.verdict).toBe("review");
    }
  });

  it("redacts PHI boxes (blur, pixelate, fill), strips metadata, and the rescan finds no PHI", async () => {
    const withMeta = await sharp(phiPhoto).withExif({ IFD0: { ImageDescription: "MRN 5530917" } }).jpeg().toBuffer();
    const scan = await scanner.scan(withMeta, { config });
    const boxes = ocrFindings(scan.findings).map((f) => f.box!);
    expect(boxes.length).toBeGreaterThan(1);
    for (const mode of ["blur", "pixelate", "fill"] as const) {
      const out = await scanner.redact(withMeta, boxes, { mode, config });
      const rescan = await scanner.scan(out.bytes, { config });
      expect(ocrFindings(rescan.findings), mode).toEqual([]);
      expect(rescan.verdict, mode).toBe("allow");
      expect(await readMetadata(out.bytes), mode).toEqual({ gps: null, texts: [] });
      expect((await sharp(out.bytes).metadata()).exif, mode).toBeUndefined();
    }
  }, 120_000); // four OCR passes (scan, then a rescan per redaction method): slow on a loaded machine

  it("fails loudly when a redaction leaves PHI readable", async () => {
    const scan = await scanner.scan(phiPhoto, { config });
    const id = ocrFindings(scan.findings).find((f) => f.type === "ID")!;
    // A box that clips only the end of "MRN 5530917" (a mis-drawn manual box) leaves the number legible.
    const [x, y, w, h] = id.box!;
    const partial: Box = [x + w - 3, y + Math.round(h / 2), 2, 2];
    await expect(scanner.redact(phiPhoto, [partial], { mode: "fill", padding: 0, config })).rejects.toBeInstanceOf(RedactionError);
  });

  it("checks every box of a multi-box redaction and names the ones left readable (0-based, in request order)", async () => {
    const scan = await scanner.scan(phiPhoto, { config });
    const found = ocrFindings(scan.findings);
    const id = found.find((f) => f.type === "ID")!;
    const date = found.find((f) => f.type === "DATE")!;
    const [x, y, w, h] = id.box!;
    // Neither a box far from any PHI ("Quiet please") nor the good box over the date right below the
    // readable number is blamed: only the partial box over the number.
    const partial: Box = [x + w - 3, y + Math.round(h / 2), 2, 2];
    const error = await scanner.redact(phiPhoto, [[100, 110, 260, 60], partial, date.box!], { mode: "fill", padding: 0, config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedactionError);
    expect((error as RedactionError).boxes).toEqual([1]);
    expect((error as RedactionError).regions).toBe(1);
  });
});
