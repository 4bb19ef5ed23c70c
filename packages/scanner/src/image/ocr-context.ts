// What the layout of a photographed record says about the items around a patient's name. A census
// board, visitor log or door sign prints a room number in the name's row or above the name card; a
// label or screen header prints the date of birth or exam date a line or two from it; a birthday card
// gives an age over 89 next to a first name. None of these is PHI on its own (a room number on a floor
// directory, a date on a poster), so they count only beside a name the scanner already read as a patient's.
import type { ImageFinding } from "../types.js";
import { getLexicons } from "../text/index.js";
import { VOCAB_MEDICAL, vocabBits } from "../text/model/vocab.js";
import type { Box, OcrLine, OcrWordBox } from "./ocr.js";
import { unionBoxes } from "./text-map.js";

/** Room-number shapes: "412", "12B". Letters that read as units or age/sex ("58Y", "3pm") are not rooms. */
const ROOM_RE = /^(?:\d{3}|\d{1,3}[A-Ca-c])$/;
const DOOR_RE = /^\d{3}[A-Ca-c]?$/;
const UNIT_AFTER = /^(mg|mcg|ml|g|kg|lb|lbs|cm|mm|min|mins|hr|hrs|am|pm|units?|tab|tabs|%)\b/i;
const FULL_DATE_RE = /^\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})[.,;]?$/;
const AGE_WORD_RE = /^(9\d|1[01]\d)(?:st|nd|rd|th)$/i;
const AGE_UNIT_RE = /^(9\d|1[01]\d)(?:y|yo|y\/o|yrs?)$/i;
/** Care-status shorthand on census and tracking boards ("DC today", "NPO", "iso"). */
const ROW_CARE = new Set(["dc", "d/c", "disch", "npo", "dnr", "dni", "iso", "isolation", "tele", "hospice", "comfort", "o2", "prn", "stat", "fall", "restraints", "sitter", "1:1"]);
/** Words that continue a condition or procedure ("CHF exacerbation", "biopsy results", "hernia repair"). */
const QUALIFIERS = new Set(["exacerbation", "flare", "repair", "results", "result", "scope", "workup", "w/u", "eval", "evaluation", "follow-up", "followup", "recurrence", "relapse", "post-op", "postop", "pre-op", "preop", "rule-out", "r/o", "attached", "pending", "positive", "negative", "today", "tomorrow"]);
const STAFF_BEFORE = new Set(["dr", "doctor", "nurse", "rn", "np", "pa", "md", "charge", "chaplain", "welcome", "congrats", "congratulations"]);

const bare = (w: string): string => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
const centre = (b: Box): [number, number] => [b[0] + b[2] / 2, b[1] + b[3] / 2];
const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
/** Gap between two boxes along x and along y (0 when they overlap on that axis). */
const gaps = (a: Box, b: Box): [number, number] => [Math.max(0, Math.max(a[0], b[0]) - Math.min(a[0] + a[2], b[0] + b[2])), Math.max(0, Math.max(a[1], b[1]) - Math.min(a[1] + a[3], b[1] + b[3]))];

function finding(type: ImageFinding["type"], words: OcrWordBox[], score: number, explanation: string): ImageFinding {
  const conf = Math.min(...words.map((w) => w.confidence)) / 100;
  return { type, text: words.map((w) => w.text).join(" ").replace(/[^\p{L}\p{N})]+$/u, ""), box: unionBoxes(words.map((w) => w.box)) as Box, score: Math.round(score * (0.5 + 0.5 * conf) * 1000) / 1000, source: "ocr", explanation };
}

/**
 * `names`: boxes of patients' names found so far; `taken`: boxes of all findings so far (their words are
 * not reported twice).
 */
export function findRecordContext(lines: OcrLine[], names: Box[], taken: Box[]): ImageFinding[] {
  const out: ImageFinding[] = [];
  const free = (w: OcrWordBox): boolean => !taken.some((b) => overlaps(centreBox(w.box), b));
  // Row numbers: lines whose first word is a room-like number form a board's column ("412 … / 414 … / 416").
  const rowStarts = lines.map((l) => l.words[0]).filter((w): w is OcrWordBox => !!w && DOOR_RE.test(w.text));
  for (const line of lines) {
    const words = line.words;
    const named = names.some((n) => words.some((w) => overlaps(w.box, n)));
    if (named) {
      out.push(...rowCare(words, names, free));
      words.forEach((w, i) => {
        if (!ROOM_RE.test(w.text) || !free(w) || UNIT_AFTER.test(words[i + 1]?.text ?? "") || /^[$#x]/i.test(words[i - 1]?.text ?? "")) return;
        out.push(finding("LOCATION", [w], 0.8, "visible text: a room number in the same row as a patient's name"));
      });
      continue;
    }
    // A door sign: the room number alone on its line, printed near the patient's name card.
    const only = words.length === 1 ? words[0] : undefined;
    if (!only || !DOOR_RE.test(only.text) || !free(only)) continue;
    const h = only.box[3];
    const inColumn = rowStarts.some((s) => s !== only && Math.abs(s.box[0] - only.box[0]) < 1.5 * h);
    const near = names.some((n) => {
      const [gx, gy] = gaps(only.box, n);
      return gy < 8 * h && gx < 4 * h;
    });
    if (near && !inColumn) out.push(finding("LOCATION", [only], 0.75, "visible text: a room number on a sign beside a patient's name"));
  }
  // Full dates a line or two from a patient's name: a birth date or an exam date on the same label.
  for (const w of lines.flatMap((l) => l.words)) {
    if (!FULL_DATE_RE.test(w.text) || !free(w)) continue;
    const h = w.box[3];
    if (names.some((n) => {
      const [gx, gy] = gaps(w.box, n);
      return gy < 4 * Math.max(h, n[3]) && gx < 6 * h;
    })) out.push(finding("DATE", [w], 0.8, "visible text: a date printed with a patient's name (birth or care date)"));
  }
  out.push(...findAges(lines, free));
  return out;
}

/** Is this word a health or care word: the health lexicon, the medical vocabulary, or board shorthand? */
function careWord(w: string): boolean {
  const b = bare(w);
  if (b.length < 2) return false;
  return ROW_CARE.has(b) || (vocabBits(b) & VOCAB_MEDICAL) !== 0 || (getLexicons().healthByFirstWord.get(b) ?? []).some((e) => e.words.length === 1);
}

/**
 * A health or care word in the run, a health-lexicon phrase ("chest pain") spelled out in it, or a word
 * that only starts health phrases ("knee …", "hip …") followed by another word: a body part and what is
 * done to it. Everyday words that also start health phrases ("home …") do not count.
 */
function runHasCare(run: OcrWordBox[]): boolean {
  const lex = getLexicons();
  return run.some((w, i) => {
    const b = bare(w.text), rank = lex.commonRank(b);
    const entries = lex.healthByFirstWord.get(b) ?? [];
    if (careWord(w.text) || entries.some((e) => e.words.every((part, k) => bare(run[i + k]?.text ?? "") === part))) return true;
    return entries.length > 0 && i + 1 < run.length && (rank === 0 || rank > 2500);
  });
}

/**
 * On a board row that names a patient, the words after the name up to the next person (a nurse's or
 * surgeon's name, "Dr. …") say what is wrong or being done: "lap chole", "knee scope", "DC today".
 * A run counts when one of its words is a health or care word.
 */
function rowCare(words: OcrWordBox[], names: Box[], free: (w: OcrWordBox) => boolean): ImageFinding[] {
  const lex = getLexicons();
  let last = -1;
  words.forEach((w, i) => {
    if (names.some((n) => overlaps(w.box, n))) last = i;
  });
  const out: ImageFinding[] = [];
  let run: OcrWordBox[] = [];
  const flush = (): void => {
    if (run.length && runHasCare(run)) out.push(finding("HEALTH", run, 0.7, "visible text: a condition or care step listed beside a patient's name"));
    run = [];
  };
  for (const w of words.slice(last + 1)) {
    const b = bare(w.text);
    const person = /^(dr\.|(dr|nurse|rn|md)$)/i.test(w.text) || (/^\p{Lu}/u.test(w.text) && lex.nameKind(b) === 1 && !careWord(w.text));
    if (person || !free(w) || /\d/.test(w.text) || run.length >= 4) flush();
    if (person || !free(w) || /\d/.test(w.text)) continue;
    run.push(w);
  }
  flush();
  return out;
}

/** Extends a condition found by another reader over the qualifier words printed right after it. */
export function extendHealth(f: ImageFinding, lines: OcrLine[]): ImageFinding {
  if (f.type !== "HEALTH" || !f.box) return f;
  for (const line of lines) {
    const words = line.words;
    const lastIn = words.reduce((acc, w, i) => (overlaps(centreBox(w.box), f.box as Box) ? i : acc), -1);
    if (lastIn < 0) continue;
    const added: OcrWordBox[] = [];
    for (let i = lastIn + 1; i < words.length && added.length < 3; i++) {
      const w = words[i] as OcrWordBox;
      if (w.segment !== words[lastIn]?.segment || !(QUALIFIERS.has(bare(w.text)) || (vocabBits(bare(w.text)) & VOCAB_MEDICAL) !== 0)) break;
      added.push(w);
    }
    if (!added.length) return f;
    return { ...f, text: `${f.text ?? ""} ${added.map((w) => w.text).join(" ")}`.replace(/[^\p{L}\p{N})]+$/u, ""), box: unionBoxes([f.box, ...added.map((w) => w.box)]) };
  }
  return f;
}

function centreBox(b: Box): Box {
  const [x, y] = centre(b);
  return [x, y, 1, 1];
}

/** "Happy 101st Birthday", "92 yo": an age over 89 is an identifier; a first name beside it names the person. */
function findAges(lines: OcrLine[], free: (w: OcrWordBox) => boolean): ImageFinding[] {
  const out: ImageFinding[] = [];
  const lex = getLexicons();
  lines.forEach((line, li) => {
    const words = line.words;
    words.forEach((w, i) => {
      const t = w.text.replace(/[.,!:;]+$/, "");
      const next = bare(words[i + 1]?.text ?? "");
      const ordinal = AGE_WORD_RE.test(t) && /^(birthday|bday|bday!|b-day)$/.test(next);
      const unit = AGE_UNIT_RE.test(t) || (/^(9\d|1[01]\d)$/.test(t) && /^(yo|years?|yrs?)$/.test(next));
      if ((!ordinal && !unit) || !free(w)) return;
      const parts = ordinal || !AGE_UNIT_RE.test(t) ? [w, words[i + 1] as OcrWordBox] : [w];
      out.push(finding("AGE", parts, 0.85, "visible text: an age over 89"));
      // A lone first name in this line or the next one is the person whose age it is.
      for (const cand of [...words.slice(i + parts.length), ...(lines[li + 1]?.words ?? [])]) {
        const b = bare(cand.text);
        const prev = words[words.indexOf(cand) - 1];
        if (/^\p{Lu}/u.test(cand.text) && b.length >= 2 && lex.nameKind(b) === 1 && !STAFF_BEFORE.has(bare(prev?.text ?? "")) && free(cand)) {
          out.push(finding("NAME", [cand], 0.75, "visible text: the first name of the person whose age over 89 is given"));
          break;
        }
      }
    });
  });
  return out;
}
