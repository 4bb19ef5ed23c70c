// Test helpers: scan and pick findings by type.
import type { PhiType, TextKind } from "../../types.js";
import { scanText } from "../index.js";

export function scan(text: string, kind: TextKind = "post") {
  return scanText(text, { kind });
}

export function texts(text: string, kind: TextKind, type: PhiType): string[] {
  return scan(text, kind).findings.filter((f) => f.type === type).map((f) => f.text);
}
