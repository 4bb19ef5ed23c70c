// Internal finding shape shared by the recognizers; scanText() strips it down to TextFinding.
import type { PhiType, TextFinding, TextKind } from "../types.js";
import type { DigitFacts } from "./digits.js";
import type { Lexicons } from "./lexicons.js";
import type { Token } from "./tokenize.js";

export type PersonRole = "patient" | "unknown" | "staff" | "public" | "pet" | "org";

export interface Candidate extends TextFinding {
  /** Sentence index of the start offset (see tokenize.ts). */
  sentence: number;
  /** Tied to an individual by local context (e.g. "call me at", "lives at", "born on"). */
  personal: boolean;
  /** Finer label used by the verdict: "ssn", "mrn", "plate", "org-phone", "room", "weak"... */
  subtype: string;
  /** For NAME findings: who the name refers to. */
  role?: PersonRole;
}

export interface ScanContext {
  text: string;
  lower: string;
  tokens: Token[];
  kind: TextKind;
  /** "image": OCR text from a photo (see TextScanOptions.source). */
  source: "social" | "image";
  lexicons: Lexicons;
  /** Per-scan memo of sentence word strings (filled lazily by the name recognizer). */
  sentenceWords?: Map<number, string>;
  /** Per-scan memo of per-sentence word flags (pet words, staff-celebration words). */
  sentenceFlags?: Map<number, number>;
  /** Per-scan memo of what kinds of numbers the text holds (see digits.ts). */
  digits?: DigitFacts;
  /** Per-scan memo: does the text contain any public-figure phrase word at all? */
  publicText?: boolean;
  /** Per-scan memo: does the text celebrate staff or volunteers? */
  staffText?: boolean;
}

export function makeCandidate(
  context: ScanContext,
  type: PhiType,
  start: number,
  end: number,
  fields: { score: number; recognizer: string; explanation: string; personal?: boolean; subtype?: string; role?: PersonRole },
): Candidate {
  return {
    type,
    start,
    end,
    text: context.text.slice(start, end),
    score: Math.round(fields.score * 100) / 100,
    recognizer: fields.recognizer,
    explanation: fields.explanation,
    sentence: sentenceAt(context.tokens, start),
    personal: fields.personal ?? false,
    subtype: fields.subtype ?? type.toLowerCase(),
    ...(fields.role ? { role: fields.role } : {}),
  };
}

/** Sentence index of the token covering (or following) an offset. Binary search: tokens are sorted. */
export function sentenceAt(tokens: Token[], offset: number): number {
  let low = 0;
  let high = tokens.length - 1;
  let answer = tokens.length > 0 ? (tokens[tokens.length - 1]?.sentence ?? 0) : 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const token = tokens[middle];
    if (!token) break;
    if (token.end > offset) { answer = token.sentence; high = middle - 1; } else low = middle + 1;
  }
  return answer;
}

/** Lowercased text just before an offset, for cue look-ups ("call me at", "lives at"). */
export function windowBefore(context: ScanContext, offset: number, size: number): string {
  return context.lower.slice(Math.max(0, offset - size), offset);
}

export function windowAfter(context: ScanContext, offset: number, size: number): string {
  return context.lower.slice(offset, offset + size);
}

/** The lowercase text of the sentence containing an offset (bounded to 400 chars around it). */
export function sentenceText(context: ScanContext, sentence: number): string {
  let start = -1;
  let end = -1;
  for (const token of context.tokens) {
    if (token.sentence === sentence) {
      if (start < 0) start = token.start;
      end = token.end;
    } else if (token.sentence > sentence) break;
  }
  return start < 0 ? "" : context.lower.slice(start, end);
}
