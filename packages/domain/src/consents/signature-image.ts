import { AppError } from "../errors";

// The drawn signature arrives as a PNG data URL from the signing page's canvas. It is checked by
// its bytes (magic, size, decodability, ink) and re-encoded flat on white before it goes into the
// PDF, so nothing but pixels from the upload reaches the document.

export const SIGNATURE_MAX_BYTES = 200 * 1024;
/** The data URL of a SIGNATURE_MAX_BYTES PNG (base64 grows 4/3) plus its prefix. */
export const SIGNATURE_MAX_DATA_URL = Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 64;
const MAX_SIDE = 4000;
/** Pixels darker than this (0-255 grey, after flattening onto white) count as ink. */
const INK_LEVEL = 160;
// A real signature leaves at least a few hundred ink pixels even on a small canvas; a tap or a
// stray dot leaves a handful. A canvas mostly covered is a filled shape, not a signature.
export const MIN_INK_PIXELS = 200;
const MAX_INK_SHARE = 0.5;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const bad = (message: string) => new AppError("VALIDATION", message, { signature: [message] });

/** Decodes and checks the signature; returns it as a plain PNG, flattened on white, metadata dropped. */
export async function checkSignature(dataUrl: string): Promise<Buffer> {
  if (dataUrl.length > SIGNATURE_MAX_DATA_URL) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The signature image is larger than ${SIGNATURE_MAX_BYTES / 1024} KB`, { signature: ["The signature image is too large"] });
  }
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
  if (!match) throw bad("Draw your signature in the box (expected a PNG image)");
  const bytes = Buffer.from(match[1]!, "base64");
  if (bytes.length > SIGNATURE_MAX_BYTES) throw bad(`The signature image is larger than ${SIGNATURE_MAX_BYTES / 1024} KB`);
  if (!PNG_MAGIC.every((b, i) => bytes[i] === b)) throw bad("The signature is not a PNG image");

  const { default: sharp } = await import("sharp");
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    const meta = await sharp(bytes, { failOn: "error", limitInputPixels: MAX_SIDE * MAX_SIDE }).metadata();
    if (!meta.width || !meta.height || meta.width > MAX_SIDE || meta.height > MAX_SIDE) throw new Error("dimensions");
    raw = await sharp(bytes).flatten({ background: "#ffffff" }).greyscale().raw().toBuffer({ resolveWithObject: true });
  } catch {
    throw bad("The signature image could not be read; clear it and sign again");
  }
  let ink = 0;
  for (let i = 0; i < raw.data.length; i += raw.info.channels) if (raw.data[i]! < INK_LEVEL) ink++;
  if (ink < MIN_INK_PIXELS) throw bad("The signature box is empty or nearly empty: sign with your finger or mouse");
  if (ink > raw.info.width * raw.info.height * MAX_INK_SHARE) throw bad("That does not look like a signature: clear the box and sign again");
  return sharp(bytes).flatten({ background: "#ffffff" }).png().toBuffer();
}
