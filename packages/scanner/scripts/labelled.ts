// Reads the labelled eval files (../shared/eval next to the repo) for training and cross-validation.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LabelledRecord } from "../src/text/model/fit.js";

export const evalDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "shared", "eval");
export const LABELLED_FILES = ["dev.jsonl", "dev-2a.jsonl", "dev-2b.jsonl"];

export function readLabelled(file: string): LabelledRecord[] {
  const path = resolve(evalDir, file);
  if (!existsSync(path)) throw new Error(`labelled file not found: ${path} (a laptop clone may not have ../shared/eval)`);
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => ({ ...(JSON.parse(line) as Omit<LabelledRecord, "file">), file }));
}
