import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImage, sniffFormat } from "./decode.js";
import { ImageInputError } from "./errors.js";
import { hugePngHeader } from "./test-helpers.js";

const expectInputError = async (bytes: Uint8Array, code: string) => {
  const err = await decodeImage(bytes).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImageInputError);
  expect((err as ImageInputError).code).toBe(code);
  expect((err as ImageInputError).message.length).toBeGreaterThan(10);
};

describe("decode", () => {
  it("sniffs formats from magic bytes, not names", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } }).png().toBuffer();
    const jpg = await sharp(png).jpeg().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    expect(sniffFormat(png)).toBe("png");
    expect(sniffFormat(jpg)).toBe("jpeg");
    expect(sniffFormat(webp)).toBe("webp");
    expect(sniffFormat(Buffer.from("%PDF-1.7\n"))).toBeNull();
    expect(sniffFormat(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });

  it("refuses empty, foreign, oversized, truncated and animated input with clear codes", async () => {
    await expectInputError(new Uint8Array(0), "EMPTY");
    await expectInputError(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"), "UNSUPPORTED_FORMAT");
    await expectInputError(Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n"), "UNSUPPORTED_FORMAT");
    await expectInputError(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), "UNSUPPORTED_FORMAT");
    await expectInputError(hugePngHeader(30000, 30000), "TOO_LARGE");
    const jpg = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    await expectInputError(jpg.subarray(0, Math.floor(jpg.length / 2)), "CORRUPT");
    const frame = (c: string) => sharp({ create: { width: 20, height: 20, channels: 3, background: c } }).png().toBuffer();
    const gif = await sharp(await Promise.all([frame("red"), frame("blue")]), { join: { animated: true } }).gif().toBuffer();
    await expectInputError(gif, "ANIMATED");
  });

  it("decodes a still GIF and auto-orients EXIF-rotated JPEGs", async () => {
    const gif = await sharp({ create: { width: 30, height: 10, channels: 3, background: "green" } }).gif().toBuffer();
    expect((await decodeImage(gif)).width).toBe(30);
    // Stored 40×20 with orientation 6 (rotate 90° CW) is displayed 20×40.
    const rotated = await sharp({ create: { width: 40, height: 20, channels: 3, background: "blue" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const img = await decodeImage(rotated);
    expect([img.width, img.height]).toEqual([20, 40]);
    expect(img.rgb.length).toBe(20 * 40 * 3);
  });
});
