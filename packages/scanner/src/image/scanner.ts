// The image scanner: decode safely, then metadata, OCR and faces, then one verdict. One OCR engine and
// one face model per scanner, loaded together at start-up and reused for every image.
import type { ImageFinding, ImageScanResult, OrgScanConfig } from "../types.js";
import { decodeImage, DEFAULT_MAX_PIXELS, type DecodedImage } from "./decode.js";
import { RedactionError } from "./errors.js";
import { createFaceDetector } from "./faces.js";
import { readMetadata } from "./metadata.js";
import { scanMetadata } from "./metadata-scan.js";
import { ocrText, runOcr, type Box, type OcrOptions } from "./ocr.js";
import { OcrEngine } from "./ocr-engine.js";
import { stillReadable, type Recheck } from "./recheck.js";
import { padBox, redactDecoded, type RedactedImage, type RedactOptions } from "./redact.js";
import { analyzeOcr } from "./ocr-analysis.js";
import type { TextScanFn } from "./text-map.js";
import { decideVerdict } from "./verdict.js";

export interface ImageScanner {
  /**
   * Scans untrusted image bytes; throws ImageInputError for undecodable or unsafe input. `recheck`:
   * earlier findings (of the image this one was edited from); `stillReadable[i]` says whether the
   * OCR still reads the i-th where it was, whatever the fresh scan concludes about it.
   */
  scan(bytes: Uint8Array, options?: { config?: OrgScanConfig; recheck?: Recheck[] }): Promise<ImageScanResult & { stillReadable?: boolean[] }>;
  /**
   * The text the OCR reads, one line per visual row, top to bottom: for a screenshot of a post that
   * is then scanned as text (a group post reported by staff). Metadata and faces are not looked at.
   */
  readText(bytes: Uint8Array): Promise<{ text: string; lines: number }>;
  /** How long start-up took (wall ms): each loader from the start, and all of it (they overlap). */
  readonly loadTimings?: LoadTimings;
  /** Redacts the boxes, strips metadata, then re-reads the regions and throws RedactionError if PHI is still legible. */
  redact(bytes: Uint8Array, boxes: Box[], options: RedactOptions & { config?: OrgScanConfig }): Promise<RedactedImage>;
  close(): Promise<void>;
}

export interface ImageScannerOptions {
  /** OCR threads (onnxruntime intra-op threads); default 1. */
  ocrWorkers?: number;
  /** Text scanner used for OCR lines and metadata; defaults to the package's scanText. Injectable for tests. */
  scanText?: TextScanFn;
  /** Set false to skip face detection (saves ~400 MB RSS and the model load). */
  faces?: boolean;
  faceMinConfidence?: number;
  maxPixels?: number;
  ocr?: OcrOptions;
}

export interface LoadTimings {
  ocrMs: number;
  facesMs: number | null;
  totalMs: number;
}

async function defaultScanText(): Promise<TextScanFn> {
  const mod = await import("../text/index.js");
  return (text, opts) => mod.scanText(text, opts);
}

/**
 * The OCR sessions, the face model and the text scanner, loaded together. The face model goes first:
 * its model files are read and its wasm compiled off the main thread while onnxruntime builds the
 * OCR sessions (synchronously, on this thread). If one fails, the OCR sessions are released (the face
 * model holds only garbage-collected memory).
 */
async function loadEngines(options: ImageScannerOptions) {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  const facesMs: { value: number | null } = { value: null };
  const faces = options.faces === false ? Promise.resolve(null) : createFaceDetector(options.faceMinConfidence ?? 0.5).then((f) => ((facesMs.value = since()), f));
  const scanText = options.scanText ? Promise.resolve(options.scanText) : defaultScanText();
  // One turn of the event loop first, so the face model's reads and compilation are under way.
  const ocr = new Promise((r) => setImmediate(r)).then(() => OcrEngine.create(options.ocrWorkers ?? 1)).then((engine) => ({ engine, ms: since() }));
  const [pool, detector, text] = await Promise.allSettled([ocr, faces, scanText]);
  if (pool.status === "rejected" || detector.status === "rejected" || text.status === "rejected") {
    if (pool.status === "fulfilled") await pool.value.engine.close();
    throw [pool, detector, text].find((r) => r.status === "rejected")!.reason;
  }
  const timings: LoadTimings = { ocrMs: pool.value.ms, facesMs: facesMs.value, totalMs: since() };
  return { pool: pool.value.engine, faces: detector.value, scanText: text.value, timings };
}

export async function createImageScanner(options: ImageScannerOptions = {}): Promise<ImageScanner> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { pool, faces, scanText, timings } = await loadEngines(options);
  let closed = false;

  async function scanDecoded(img: DecodedImage, bytes: Uint8Array, config?: OrgScanConfig, recheck: Recheck[] = []): Promise<ImageScanResult & { stillReadable?: boolean[] }> {
    const [meta, passes, detected] = await Promise.all([
      readMetadata(bytes),
      runOcr(pool, img, options.ocr),
      faces ? faces.detect(img) : Promise.resolve([]),
    ]);
    const metaScan = await scanMetadata(meta, scanText, config);
    const ocr = await analyzeOcr(passes.flat(), scanText, config);
    const ocrFindings = ocr.findings;
    const ocrVerdict = ocr.verdict;
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
    const result = { verdict, findings, faces: detected.length, reasons, width: img.width, height: img.height, format: img.format };
    if (!recheck.length) return result;
    const words = passes.flat().flatMap((l) => l.words);
    return { ...result, stillReadable: recheck.map((item) => stillReadable(words, item)) };
  }

  /**
   * Re-reads the redacted image and fails if a PHI finding touches a redacted region (a box that covered
   * only part of a label leaves the rest legible right beside it) or a word is still confidently read
   * inside one. The whole image is read once so the text around each region gives the scanner context.
   */
  async function verifyRedaction(out: RedactedImage, boxes: Box[], config?: OrgScanConfig): Promise<void> {
    const img = await decodeImage(out.bytes, maxPixels);
    // Regions grow by one text height: PHI right beside a box means the box missed part of the label.
    // Plain words beside a box ("DOB" next to a redacted date) are fine; a confident word whose centre
    // is inside the redacted box itself means the redaction did not take.
    const touches = (a: Box, b: Box) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    const inside = ([x, y, w, h]: Box, r: Box) => touches([x + w / 2, y + h / 2, 1, 1], r);
    const passes = await runOcr(pool, img, options.ocr);
    const ocr = await analyzeOcr(passes.flat(), scanText, config);
    const words = passes.flat().flatMap((l) => l.words);
    const grown = boxes.map((box) => padBox(box, Math.max(12, Math.round(box[3])), img.width, img.height));
    const tight = boxes.map((box) => padBox(box, 4, img.width, img.height));
    const flagged = ocr.findings.flatMap((f) => (f.box ? [f.box] : []));
    const leaked = new Set<number>();
    // Each readable PHI finding is blamed on the boxes it overlaps; only when it overlaps none, on the
    // boxes it sits beside. With several boxes the user must know which one to redraw.
    for (const f of flagged) {
      const over = boxes.flatMap((_, i) => (tight[i] && touches(f, tight[i]) ? [i] : []));
      const near = over.length ? over : boxes.flatMap((_, i) => (grown[i] && touches(f, grown[i]) ? [i] : []));
      near.forEach((i) => leaked.add(i));
    }
    boxes.forEach((box, i) => {
      if (words.some((w) => w.confidence >= 70 && (w.text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3 && inside(w.box, box))) leaked.add(i);
    });
    if (leaked.size > 0) throw new RedactionError([...leaked].sort((a, b) => a - b));
  }

  const assertOpen = (): void => {
    if (closed) throw new Error("image scanner is closed");
  };

  return {
    loadTimings: timings,
    async scan(bytes, scanOptions = {}) {
      assertOpen();
      const img = await decodeImage(bytes, maxPixels);
      return scanDecoded(img, bytes, scanOptions.config, scanOptions.recheck);
    },
    async readText(bytes) {
      assertOpen();
      const img = await decodeImage(bytes, maxPixels);
      return ocrText((await runOcr(pool, img, options.ocr)).flat());
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
