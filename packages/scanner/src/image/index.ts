// Placeholder until the image scanner lands; the contract is in ../types.ts.
import type { ImageScanResult, OrgScanConfig } from "../types.js";

export interface ImageScanner {
  /** Scans untrusted image bytes; throws ImageInputError for undecodable or unsafe input. */
  scan(bytes: Uint8Array, options?: { config?: OrgScanConfig }): Promise<ImageScanResult>;
  close(): Promise<void>;
}

export interface ImageScannerOptions {
  ocrWorkers?: number;
}

export async function createImageScanner(_options: ImageScannerOptions = {}): Promise<ImageScanner> {
  throw new Error("image scanner not implemented yet");
}
