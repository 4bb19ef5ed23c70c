// Placeholder until the text scanner lands; the contract is in ../types.ts.
import type { TextScanOptions, TextScanResult } from "../types.js";
export function scanText(_text: string, _options: TextScanOptions = {}): TextScanResult {
  throw new Error("text scanner not implemented yet");
}
