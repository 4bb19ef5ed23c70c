// Face detection with @vladmandic/human on the tfjs WASM backend, fully offline: models and wasm come
// from the installed packages. Three workarounds (see shared/design/OFFLINE-RECIPES.md): the node-wasm
// build is blocked by the package's exports map, so it is loaded by resolved path; its wasmPath defaults
// to a CDN; and it loads models with fetch(), which in Node cannot read file:// URLs.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DecodedImage } from "./decode.js";
import type { Box } from "./ocr.js";

const require = createRequire(import.meta.url);

export interface DetectedFace {
  box: Box;
  score: number;
}

export interface FaceDetector {
  detect(img: DecodedImage): Promise<DetectedFace[]>;
}

interface HumanLike {
  load(): Promise<void>;
  warmup(): Promise<unknown>;
  detect(input: unknown): Promise<{ face: { box: [number, number, number, number]; score: number }[] }>;
  tf: { tensor(data: Uint8Array, shape: number[], dtype: string): { dispose(): void } };
}

let fetchPatched = false;
/** Serves file:// URLs from disk and leaves every other request to the original fetch. */
function patchFetchForFileUrls(): void {
  if (fetchPatched) return;
  fetchPatched = true;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("file://")) {
      const body = await readFile(new URL(url));
      return new Response(body, { status: 200 });
    }
    return original(input, init);
  }) as typeof fetch;
}

/**
 * Requires a prebuilt bundle without reading its source maps. Under tsx (the worker, the CLI) Node's
 * source-map support is on, and it reads and parses the .map file of every bundle loaded: ~5 MB for
 * human and tfjs, about 0.15-0.2 s of CPU on the first image job, only to map stack traces inside
 * minified third-party code. require() is synchronous: nothing else is compiled while it is off.
 */
export function requireWithoutSourceMaps(id: string): unknown {
  if (!process.sourceMapsEnabled) return require(id);
  process.setSourceMapsEnabled(false);
  try {
    return require(id);
  } finally {
    process.setSourceMapsEnabled(true);
  }
}

/** Long side the detector sees; larger photos are shrunk first (BlazeFace works on 256 px anyway). */
const DETECT_LONG_SIDE = 1600;

export async function createFaceDetector(minConfidence = 0.5): Promise<FaceDetector> {
  patchFetchForFileUrls();
  const humanDist = path.dirname(require.resolve("@vladmandic/human"));
  const wasmDist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  const mod = requireWithoutSourceMaps(path.join(humanDist, "human.node-wasm.js")) as { Human: new (cfg: unknown) => HumanLike };
  const sharp = (await import("sharp")).default;
  const human = new mod.Human({
    backend: "wasm",
    wasmPath: `${pathToFileURL(wasmDist).href}/`,
    modelBasePath: `${pathToFileURL(path.resolve(humanDist, "../models")).href}/`,
    debug: false,
    // Human caches results between similar video frames; every image here is unrelated.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      // The mesh model re-scores each candidate: it rejects face-like patterns (a radiograph, a card)
      // that the box detector alone accepts at 0.6–0.7.
      detector: { enabled: true, rotation: false, maxDetected: 50, minConfidence, iouThreshold: 0.3, return: false, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();

  return {
    async detect(img: DecodedImage): Promise<DetectedFace[]> {
      const long = Math.max(img.width, img.height);
      const scale = long > DETECT_LONG_SIDE ? DETECT_LONG_SIDE / long : 1;
      let data: Buffer = img.rgb;
      let w = img.width;
      let h = img.height;
      if (scale < 1) {
        w = Math.round(img.width * scale);
        h = Math.round(img.height * scale);
        data = await sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
          .resize(w, h, { fit: "fill" })
          .raw()
          .toBuffer();
      }
      const tensor = human.tf.tensor(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [1, h, w, 3], "int32");
      try {
        const result = await human.detect(tensor);
        return result.face
          .filter((f) => f.score >= minConfidence)
          .map((f) => {
            const x = Math.max(0, Math.round(f.box[0] / scale));
            const y = Math.max(0, Math.round(f.box[1] / scale));
            const bw = Math.min(img.width - x, Math.round(f.box[2] / scale));
            const bh = Math.min(img.height - y, Math.round(f.box[3] / scale));
            return { box: [x, y, bw, bh] as Box, score: Math.round(f.score * 1000) / 1000 };
          });
      } finally {
        tensor.dispose();
      }
    },
  };
}
