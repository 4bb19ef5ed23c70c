import type { ImageScanner } from "@vetted/scanner/image";

export interface LazyImageScanner {
  /** The process's one image scanner, created on first use (text-only workers never pay for it). */
  get(): Promise<ImageScanner>;
  /** Stops its OCR workers; a later get() would create a new one. */
  close(): Promise<void>;
}

// ~750 MB (OCR models on onnxruntime, face models on tfjs-wasm): one per process, never one per job.
const createDefault = async (): Promise<ImageScanner> => (await import("@vetted/scanner/image")).createImageScanner();

export function lazyImageScanner(create: () => Promise<ImageScanner> = createDefault): LazyImageScanner {
  let scanner: Promise<ImageScanner> | undefined;
  return {
    get() {
      scanner ??= create().catch((error: unknown) => {
        // A failed start (e.g. out of memory) must not poison every later scan of this process.
        scanner = undefined;
        throw error;
      });
      return scanner;
    },
    async close() {
      const current = scanner;
      scanner = undefined;
      const s = await current?.catch(() => undefined);
      await s?.close();
    },
  };
}
