// Re-reading earlier findings on an edited (redacted) copy of an image. The text scanner judges a
// room number or a drug name by what else the text says (a name makes it a patient's), so a fresh
// scan of a copy whose name was blurred can report nothing while the room and drug are still
// legible. The caller passes the earlier findings' text and boxes; this says which are still read.
import type { Box, OcrWordBox } from "./ocr.js";

export interface Recheck {
  box: Box;
  text: string;
}

const tokens = (s: string): string[] =>
  s
    .normalize("NFKD")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 2);

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** OCR misreads a letter or two ("Metoprol0l"); a blurred word comes back as unrelated noise. */
const similar = (a: string, b: string): boolean => a === b || (Math.min(a.length, b.length) >= 4 && distance(a, b) <= Math.floor(Math.max(a.length, b.length) / 4));

const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

/**
 * Whether any word of the earlier finding (2+ letters or digits) is read again where it was: in its
 * box grown by half a text height. Any one word is enough: "Rahman" alone still names the patient.
 */
export function stillReadable(words: OcrWordBox[], item: Recheck): boolean {
  const wanted = tokens(item.text);
  if (wanted.length === 0) return false;
  const [x, y, w, h] = item.box;
  const pad = Math.round(h / 2);
  const region: Box = [x - pad, y - pad, w + 2 * pad, h + 2 * pad];
  return words.some((word) => overlaps(word.box, region) && tokens(word.text).some((t) => wanted.some((want) => similar(t, want))));
}
