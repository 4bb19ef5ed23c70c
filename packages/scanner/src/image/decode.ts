// Safe decoding of untrusted image bytes. The format is decided from magic bytes (never the file name),
// the pixel count is checked from the header before any pixel is decoded (decompression bombs), animated
// images are refused (later frames would go unscanned), and the result is auto-oriented so every box we
// report is in the coordinates a viewer sees.
import sharp from "sharp";
type SharpMetadata = Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
type SharpPipeline = ReturnType<typeof sharp>;
import { ImageInputError } from "./errors.js";

export type SniffedFormat = "jpeg" | "png" | "webp" | "gif" | "avif" | "heic";

/** Formats we decode. HEIC (HEVC) is recognised only to give a clear error: sharp's prebuilt libheif lacks HEVC. */
const DECODABLE: ReadonlySet<SniffedFormat> = new Set(["jpeg", "png", "webp", "gif", "avif"]);

export const DEFAULT_MAX_PIXELS = 40_000_000;

export interface DecodedImage {
  /** Packed RGB, 3 bytes per pixel, auto-oriented. */
  rgb: Buffer;
  width: number;
  height: number;
  format: SniffedFormat;
}

const ascii = (b: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));

export function sniffFormat(b: Uint8Array): SniffedFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && ascii(b, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) return "gif";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "webp";
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (brand === "avif" || brand === "avis") return "avif";
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].includes(brand)) return "heic";
  }
  return null;
}

/** Checks magic bytes, size and frame count; returns the sniffed format and header dimensions. */
export async function inspect(
  bytes: Uint8Array,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<{ format: SniffedFormat; width: number; height: number }> {
  if (bytes.length === 0) throw new ImageInputError("EMPTY", "the file is empty");
  const format = sniffFormat(bytes);
  if (!format) {
    throw new ImageInputError("UNSUPPORTED_FORMAT", "not a supported image (expected JPEG, PNG, WebP, GIF or AVIF)");
  }
  if (!DECODABLE.has(format)) {
    throw new ImageInputError("UNSUPPORTED_FORMAT", `${format.toUpperCase()} images are not supported here; convert to JPEG`);
  }
  let meta: SharpMetadata;
  try {
    // Header only: no pixel is decoded here, so the pixel limit is checked by us below with a clear message.
    meta = await sharp(bytes, { failOn: "none", limitInputPixels: false }).metadata();
  } catch {
    throw new ImageInputError("CORRUPT", `the ${format.toUpperCase()} file could not be read (corrupt or truncated)`);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new ImageInputError("CORRUPT", "the image has no dimensions");
  if (width * height > maxPixels) {
    throw new ImageInputError(
      "TOO_LARGE",
      `the image is ${width}×${height} pixels, above the ${Math.round(maxPixels / 1e6)} megapixel limit`,
    );
  }
  if ((meta.pages ?? 1) > 1) {
    throw new ImageInputError("ANIMATED", `animated ${format.toUpperCase()} (${meta.pages} frames) is not supported; upload a still image`);
  }
  return { format, width, height };
}

/** A sharp pipeline over untrusted bytes with the safety limits applied; first frame only. */
export function safeSharp(bytes: Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): SharpPipeline {
  // failOn "truncated": a cut-off JPEG/PNG is refused rather than scanned half-grey.
  return sharp(bytes, { failOn: "truncated", limitInputPixels: maxPixels, pages: 1, sequentialRead: true });
}

export async function decodeImage(bytes: Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): Promise<DecodedImage> {
  const { format } = await inspect(bytes, maxPixels);
  try {
    const { data, info } = await safeSharp(bytes, maxPixels)
      .rotate()
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error("unexpected channel count");
    return { rgb: data, width: info.width, height: info.height, format };
  } catch (err) {
    if (err instanceof ImageInputError) throw err;
    throw new ImageInputError("CORRUPT", `the ${format.toUpperCase()} file could not be decoded (corrupt or truncated)`);
  }
}
