// The OCR sessions run with onnxruntime's memory arena and without memory patterns (issue 17): one pool
// of memory serves every image size. These check that reusing it across sizes never leaks one image's
// activations into another's results.
import { describe, expect, it } from "vitest";
import { decodeImage, type DecodedImage } from "./decode.js";
import { detectorInput } from "./ocr-detect.js";
import { cropInput } from "./ocr-recognize.js";
import { labelledPhoto, sharedOcrEngine } from "./test-helpers.js";

const photo = async (w: number, h: number, text: string): Promise<DecodedImage> =>
  decodeImage(await labelledPhoto(w, h, [{ text, x: 30, y: Math.round(h / 2), size: 20 }]));

describe("OcrEngine memory reuse across image sizes", () => {
  const engine = sharedOcrEngine();

  it("detects the same map for an image before and after larger and smaller ones", async () => {
    const a = await detectorInput(await photo(320, 160, "WARD 4 BED 12"), 1280);
    const first = await engine().detect(a.data, a.height, a.width);
    for (const [w, h] of [[640, 480], [96, 64]] as const) {
      const other = await detectorInput(await photo(w, h, "MRN 00482913"), 1280);
      await engine().detect(other.data, other.height, other.width);
    }
    const again = await engine().detect(a.data, a.height, a.width);
    expect(again.dims).toEqual([1, 1, a.height, a.width]);
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
    // Not a blank map: the label is found as text, the wall around it is not.
    expect(first.data.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(0.5);
    expect(first.data.reduce((m, v) => Math.min(m, v), 1)).toBeLessThan(0.1);
  }, 30_000);

  it("recognises the same classes for a line crop before and after other widths", async () => {
    const img = await photo(400, 80, "DOE, ROBERT");
    const line = { cx: 100, cy: 40, length: 190, thickness: 34, angle: 0, score: 1 };
    const crop = cropInput(img, line);
    const first = await engine().recognize(crop.data, crop.width, 48);
    for (const length of [380, 40]) {
      const other = cropInput(img, { ...line, cx: 200, length });
      await engine().recognize(other.data, other.width, 48);
    }
    const again = await engine().recognize(crop.data, crop.width, 48);
    expect(again.dims).toEqual(first.dims);
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
  }, 30_000);
});
