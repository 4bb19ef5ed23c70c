// Redaction of boxes in an image. The output is re-encoded from decoded pixels, so every metadata block
// (EXIF, XMP, IPTC, ICC, PNG text) is gone; boxes are in auto-oriented pixels, the same space the scanner
// reports. sharp applies only one resize per pipeline, so pixelation (down then up) uses two pipelines.
import sharp from "sharp";
import { decodeImage, DEFAULT_MAX_PIXELS, type DecodedImage } from "./decode.js";
import type { Box } from "./ocr.js";

export type RedactionMode = "blur" | "pixelate" | "fill";

export interface RedactOptions {
  mode: RedactionMode;
  /** Extra pixels around each box: OCR boxes hug the glyphs, and blur would otherwise leak at the edges. */
  padding?: number;
  maxPixels?: number;
}

export interface RedactedImage {
  bytes: Buffer;
  format: "jpeg" | "png" | "webp";
  width: number;
  height: number;
}

export function padBox(box: Box, pad: number, width: number, height: number): Box | null {
  const [x, y, w, h] = box.map((v) => Math.round(v)) as Box;
  if (!(w > 0 && h > 0)) return null;
  const px = pad + Math.round(h * 0.1);
  const x0 = Math.max(0, x - px), y0 = Math.max(0, y - px);
  const x1 = Math.min(width, x + w + px), y1 = Math.min(height, y + h + px);
  if (x1 <= x0 || y1 <= y0) return null;
  return [x0, y0, x1 - x0, y1 - y0];
}

async function obscure(img: DecodedImage, [left, top, width, height]: Box, mode: RedactionMode): Promise<Buffer> {
  const raw = { width: img.width, height: img.height, channels: 3 as const };
  if (mode === "fill") {
    return Buffer.alloc(width * height * 3, 0);
  }
  const region = sharp(img.rgb, { raw }).extract({ left, top, width, height });
  if (mode === "blur") {
    // Sigma scales with the box so large headline text is destroyed as surely as small labels.
    const sigma = Math.max(8, Math.min(width, height) / 2.5);
    // Blur twice: one Gaussian pass at this sigma can leave high-contrast strokes faintly traceable.
    const once = await region.blur(sigma).raw().toBuffer();
    return sharp(once, { raw: { width, height, channels: 3 } }).blur(sigma).raw().toBuffer();
  }
  const block = Math.max(8, Math.round(Math.min(width, height) / 3));
  const small = await region
    .resize(Math.max(1, Math.round(width / block)), Math.max(1, Math.round(height / block)), { fit: "fill", kernel: "cubic" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 3 } })
    .resize(width, height, { fit: "fill", kernel: "nearest" })
    .raw()
    .toBuffer();
}

export async function redactDecoded(img: DecodedImage, boxes: Box[], options: RedactOptions): Promise<RedactedImage> {
  const pad = options.padding ?? 4;
  const regions = boxes.map((b) => padBox(b, pad, img.width, img.height)).filter((b): b is Box => b !== null);
  const overlays = await Promise.all(
    regions.map(async (r) => ({
      input: await obscure(img, r, options.mode),
      raw: { width: r[2], height: r[3], channels: 3 as const },
      left: r[0],
      top: r[1],
    })),
  );
  const format: RedactedImage["format"] = img.format === "jpeg" ? "jpeg" : img.format === "webp" ? "webp" : "png";
  let out = sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } }).composite(overlays);
  // No withMetadata()/keepMetadata(): sharp writes no EXIF, XMP, IPTC or ICC unless asked.
  out = format === "jpeg" ? out.jpeg({ quality: 90 }) : format === "webp" ? out.webp({ quality: 90 }) : out.png();
  const bytes = await out.toBuffer();
  return { bytes, format, width: img.width, height: img.height };
}

/**
 * Returns a new image with every box obscured and all metadata stripped. Does not check the result;
 * ImageScanner.redact() re-reads the redacted regions with OCR and throws if PHI is still legible.
 */
export async function redactImage(bytes: Uint8Array, boxes: Box[], options: RedactOptions): Promise<RedactedImage> {
  const img = await decodeImage(bytes, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  return redactDecoded(img, boxes, options);
}
