// A fixed pool of tesseract.js workers, created once per scanner and reused across images: starting a
// worker (wasm + 4 MB language model) costs far more than one recognition. Fully offline: the language
// data comes from the installed @tesseract.js-data/eng package and nothing is cached or fetched.
import { createRequire } from "node:module";
import path from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";

const require = createRequire(import.meta.url);

export interface OcrWord {
  text: string;
  /** 0–100 as reported by tesseract. */
  confidence: number;
  /** Pixel box in the recognised image: x0, y0, x1, y1. */
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrLineRaw {
  words: OcrWord[];
}

/** Page segmentation modes we use: 6 = one uniform block, 7 = single line, 11 = sparse text. */
export type Psm = "6" | "7" | "11";

function langPath(): string {
  const pkg = require.resolve("@tesseract.js-data/eng/package.json");
  return path.join(path.dirname(pkg), "4.0.0_best_int");
}

interface Slot {
  worker: Worker;
  psm: Psm | null;
}

export class OcrPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;

  private constructor(private readonly slots: Slot[]) {
    this.idle.push(...slots);
  }

  static async create(size: number): Promise<OcrPool> {
    const n = Math.max(1, Math.floor(size));
    const workers = await Promise.all(
      Array.from({ length: n }, () =>
        createWorker("eng", OEM.LSTM_ONLY, {
          langPath: langPath(),
          cacheMethod: "none",
          gzip: true,
        }),
      ),
    );
    for (const w of workers) {
      // A fixed DPI keeps tesseract from guessing (and printing) a resolution per image; word
      // confidences stay comparable between passes.
      await w.setParameters({ user_defined_dpi: "300" });
    }
    return new OcrPool(workers.map((worker) => ({ worker, psm: null })));
  }

  get size(): number {
    return this.slots.length;
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error("OCR pool is closed"));
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }

  /** Recognises an encoded image (PNG) and returns its lines with word boxes in that image's pixels. */
  async recognize(png: Buffer, psm: Psm): Promise<OcrLineRaw[]> {
    const slot = await this.acquire();
    try {
      if (slot.psm !== psm) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: psm as never });
        slot.psm = psm;
      }
      const { data } = await slot.worker.recognize(png, {}, { blocks: true, text: false });
      const lines: OcrLineRaw[] = [];
      for (const block of data.blocks ?? []) {
        for (const para of block.paragraphs) {
          for (const line of para.lines) {
            lines.push({
              words: line.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: { ...w.bbox } })),
            });
          }
        }
      }
      return lines;
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}
