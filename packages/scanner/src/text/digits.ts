// One pass over the digits of a text, memoized per scan. The regex recognizers (phones, IDs, ages,
// rooms, ZIP codes) each need a particular kind of number; when the text has none, they skip their
// regex entirely. Every test here is a necessary condition of the regex it guards, never a filter
// of its own: when it says "maybe", the regex decides.
import type { ScanContext } from "./candidate.js";

export interface DigitFacts {
  /** ASCII digits in the text (`\d` without the u flag). */
  count: number;
  /** A run of 2–3 digits worth 90–125: what an age over 89 needs. */
  ageLike: boolean;
  /** A run of exactly 5 digits: what a ZIP code needs. */
  fiveDigits: boolean;
  /** A run right after "in" + one space: "the pt in 14". */
  afterIn: boolean;
  /** A run right after a room word ("room", "bed", "bay", "rm.", "er"…), allowing " # " between. */
  afterRoomWord: boolean;
}

// Last words of ROOM_RE's labels (locations.ts), lowercase.
const ROOM_WORD_ENDINGS = ["room", "rm", "rm.", "bed", "bay", "space", "stretcher", "trauma", "ed", "er"];
const NO_DIGITS: DigitFacts = { count: 0, ageLike: false, fiveDigits: false, afterIn: false, afterRoomWord: false };

export function digitFacts(context: ScanContext): DigitFacts {
  context.digits ??= computeDigitFacts(context.text);
  return context.digits;
}

function computeDigitFacts(text: string): DigitFacts {
  let count = 0;
  let ageLike = false;
  let fiveDigits = false;
  let afterIn = false;
  let afterRoomWord = false;
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (!isDigit(text.charCodeAt(index))) { index++; continue; }
    const start = index;
    let value = 0;
    while (index < length && isDigit(text.charCodeAt(index))) { value = value * 10 + text.charCodeAt(index) - 48; index++; }
    const run = index - start;
    count += run;
    if ((run === 2 || run === 3) && value >= 90 && value <= 125) ageLike = true;
    if (run === 5) fiveDigits = true;
    if (!afterIn && start >= 3 && isSpace(text.charCodeAt(start - 1)) && text.slice(start - 3, start - 1).toLowerCase() === "in") afterIn = true;
    if (!afterRoomWord && followsRoomWord(text, start)) afterRoomWord = true;
  }
  return count === 0 ? NO_DIGITS : { count, ageLike, fiveDigits, afterIn, afterRoomWord };
}

function followsRoomWord(text: string, digitStart: number): boolean {
  let cursor = digitStart;
  for (let skipped = 0; skipped < 3 && cursor > 0; skipped++) {
    const code = text.charCodeAt(cursor - 1);
    if (code !== 35 /* # */ && !isSpace(code)) break;
    cursor--;
  }
  const before = text.slice(Math.max(0, cursor - 9), cursor).toLowerCase();
  return ROOM_WORD_ENDINGS.some((word) => before.endsWith(word));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
