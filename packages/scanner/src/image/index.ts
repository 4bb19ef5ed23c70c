// Image scanner: PHI in visible text (OCR), in metadata (EXIF/XMP/IPTC/PNG text, GPS) and faces.
// The contract types live in ../types.ts.
export { createImageScanner, type ImageScanner, type ImageScannerOptions } from "./scanner.js";
export { redactImage, type RedactOptions, type RedactionMode, type RedactedImage } from "./redact.js";
export { ImageInputError, RedactionError, type ImageInputErrorCode } from "./errors.js";
export { sniffFormat } from "./decode.js";
// Upload validation (packages/domain media) reuses the same safe decoding rules as the scanner.
export { inspect as inspectImage, safeSharp, type SniffedFormat } from "./decode.js";
export type { Box } from "./ocr.js";
export type { TextScanFn } from "./text-map.js";
export type { Recheck } from "./recheck.js";
