// The image scanner: decode safely, then metadata, OCR and faces, then one verdict. One OCR worker pool
// and one face model per scanner, created at start-up and reused for every image.
import type { ImageFinding, ImageScanResult, OrgScanConfig } from "../types.js";
import { decodeImage, DEFAULT_MAX_PIXELS, type DecodedImage } from "./decode.js";
import { RedactionError } from "./errors.js";
import { createFaceDetector, type FaceDetector } from "./faces.js";
import { readMetadata } from "./metadata.js";
import { scanMetadata } from "./metadata-scan.js";
import { runOcr, type Box, type OcrOptions } from "./ocr.js";
import { OcrPool } from "./ocr-pool.js";
import { padBox, redactDecoded, type RedactedImage, type RedactOptions } from "./redact.js";
import { mergeFindings, scanOcrLines, type TextScanFn } from "./text-map.js";
import { decideVerdict } from "./verdict.js";
import { maxVerdict } from "./metadata-scan.js";

export interface ImageScanner {
  /** Scans untrusted image bytes; throws ImageInputError for undecodable or unsafe input. */
  scan(bytes: Uint8Array, options?: { config?: OrgScanConfig }): Promise<ImageScanResult>;
  /** Redacts the boxes, strips metadata, then re-reads the regions and throws RedactionError if PHI is still legible. */
  redact(bytes: Uint8Array, boxes: Box[], options: RedactOptions & { config?: OrgScanConfig }): Promise<RedactedImage>;
  close(): Promise<void>;
}

export interface ImageScannerOptions {
  /** OCR workers (each one thread); default 1. Passes of one image run in parallel when > 1. */
  ocrWorkers?: number;
  /** Text scanner used for OCR lines and metadata; defaults to the package's scanText. Injectable for tests. */
  scanText?: TextScanFn;
  /** Set false to skip face detection (saves ~400 MB RSS and the model load). */
  faces?: boolean;
  faceMinConfidence?: number;
  maxPixels?: number;
  ocr?: OcrOptions;
}

async function defaultScanText(): Promise<TextScanFn> {
  const mod = await import("../text/index.js");
  return (text, opts) => mod.scanText(text, opts);
}

export async function createImageScanner(options: ImageScannerOptions = {}): Promise<ImageScanner> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const scanText = options.scanText ?? (await defaultScanText());
  const [pool, faces] = await Promise.all([
    OcrPool.create(options.ocrWorkers ?? 1),
    options.faces === false ? Promise.resolve<FaceDetector | null>(null) : createFaceDetector(options.faceMinConfidence ?? 0.5),
  ]);
  let closed = false;

  async function scanDecoded(img: DecodedImage, bytes: Uint8Array, config?: OrgScanConfig): Promise<ImageScanResult> {
    const [meta, passes, detected] = await Promise.all([
      readMetadata(bytes),
      runOcr(pool, img, options.ocr),
      faces ? faces.detect(img) : Promise.resolve([]),
    ]);
    const metaScan = await scanMetadata(meta, scanText, config);
    const ocrScans = await Promise.all(passes.map((lines) => scanOcrLines(lines, scanText, config)));
    const ocrFindings = mergeFindings(ocrScans.map((s) => s.findings));
    const ocrVerdict = ocrScans.reduce((v, s) => maxVerdict(v, s.verdict), "allow" as ImageScanResult["verdict"]);
    const faceFindings: ImageFinding[] = detected.map((f) => ({
      type: "FACE",
      box: f.box,
      score: f.score,
      source: "face",
      explanation: "a person's face: posting it needs that person's signed consent",
    }));
    const findings = [...ocrFindings, ...metaScan.findings, ...faceFindings];
    const { verdict, reasons } = decideVerdict({
      ocrVerdict,
      metadataVerdict: metaScan.verdict,
      findings,
      faces: detected.length,
    });
    return { verdict, findings, faces: detected.length, reasons, width: img.width, height: img.height, format: img.format };
  }

  /** Re-reads each redacted region; any PHI finding or confidently read word there means the redaction failed. */
  async function verifyRedaction(out: RedactedImage, boxes: Box[], config?: OrgScanConfig): Promise<void> {
    const img = await decodeImage(out.bytes, maxPixels);
    let leaks = 0;
    for (const b of boxes) {
      // Look well beyond the box: a box that covers half a label leaves the rest legible right beside it.
      const region = padBox(b, Math.max(12, Math.round(b[3] * 1.5)), img.width, img.height);
      if (!region) continue;
      const [left, top, width, height] = region;
      const rgb = Buffer.alloc(width * height * 3);
      for (let row = 0; row < height; row++) {
        const src = ((top + row) * img.width + left) * 3;
        img.rgb.copy(rgb, row * width * 3, src, src + width * 3);
      }
      const crop: DecodedImage = { rgb, width, height, format: img.format };
      const passes = await runOcr(pool, crop, { minLongSide: 600, passes: [{ psm: "6" }, { psm: "11" }] });
      const confident = passes.flat(2).flatMap((l) => l.words).some((w) => w.confidence >= 70 && (w.text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3);
      const scans = await Promise.all(passes.map((lines) => scanOcrLines(lines, scanText, config)));
      if (confident || scans.some((s) => s.findings.length > 0)) leaks++;
    }
    if (leaks > 0) throw new RedactionError(leaks);
  }

  const assertOpen = (): void => {
    if (closed) throw new Error("image scanner is closed");
  };

  return {
    async scan(bytes, scanOptions = {}) {
      assertOpen();
      const img = await decodeImage(bytes, maxPixels);
      return scanDecoded(img, bytes, scanOptions.config);
    },
    async redact(bytes, boxes, redactOptions) {
      assertOpen();
      const img = await decodeImage(bytes, redactOptions.maxPixels ?? maxPixels);
      const out = await redactDecoded(img, boxes, redactOptions);
      await verifyRedaction(out, boxes, redactOptions.config);
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}
