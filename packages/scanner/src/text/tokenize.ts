// Splits social-media text into word-ish tokens with UTF-16 offsets and sentence numbers.
import { cueFlags } from "./cues.js";

// One linear pass. Plain ASCII words and numbers (most of any text) are read by hand, without a
// regex call or a match object; anything touching non-ASCII, "@", "#" or ".letter" goes through the
// sticky regexes below, which are the reference definition of a token.

export type TokenKind = "word" | "number" | "mention" | "hashtag" | "url" | "email" | "punct" | "emoji";

export interface Token {
  text: string;
  lower: string;
  /** `lower` without a possessive "'s"/"’s" or a trailing period: "Kinsley's" → "kinsley", "Dr." → "dr". */
  base: string;
  /** Cue-vocabulary bits of `lower` (see CUE in cues.ts). */
  cue: number;
  /** Packed name-list facts about `base` (see Lexicons.wordInfo); -1 until first asked. */
  info: number;
  start: number;
  end: number;
  kind: TokenKind;
  /** Sentence index; sentence boundaries are . ! ? newlines and emoji runs before a capital. */
  sentence: number;
  /** Index of the token inside its sentence (0 = sentence-initial). */
  position: number;
  capitalized: boolean;
}

// Order matters: URLs and emails before words; words allow inner apostrophes, hyphens and dots
// ("Al-Sayed", "O'Neil", "y/o" is split on purpose).
// SIMPLE_TOKEN_RE serves runs without "@", "#" or an inner dot: no URL/email/mention alternatives to try.
const SIMPLE_TOKEN_RE =
  /(?<number>\p{N}+(?:[.,:/-]\p{N}+){0,6}(?:st|nd|rd|th|s)?)|(?<word>\p{L}[\p{L}\p{M}]*(?:['’.-][\p{L}\p{M}]+){0,4}\.?)|(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])+)|(?<punct>[^\s\p{L}\p{N}])/uy;
const TOKEN_RE =
  /(?<url>(?:https?:\/\/)?(?:[\p{L}\p{N}-]{1,63}\.){1,8}(?:com|org|net|edu|gov|io|me|us|co|health|care|info|ly|gl|be|app)(?:\/[^\s<>"')]{0,300})?(?![\p{L}\p{N}]))|(?<email>[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8})|(?<mention>@[\p{L}\p{N}_.]{1,64})|(?<hashtag>#[\p{L}\p{N}_]{1,100})|(?<number>\p{N}+(?:[.,:/-]\p{N}+){0,6}(?:st|nd|rd|th|s)?)|(?<word>\p{L}[\p{L}\p{M}]*(?:['’.-][\p{L}\p{M}]+){0,4}\.?)|(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])+)|(?<punct>[^\s\p{L}\p{N}])/uy;
const UPPER_RE = /\p{Lu}/u;
const DOT_LETTER_RE = /\.\p{L}/u;
const SENTENCE_PUNCT_RE = /[.!?…]/;

// A trailing period belongs to these words ("Dr.", "Mr.") and does not end a sentence.
const ABBREVIATIONS = new Set([
  "dr.", "mr.", "mrs.", "ms.", "mx.", "st.", "sgt.", "jr.", "sr.", "lt.", "capt.", "prof.", "rev.", "fr.", "gov.", "sen.", "rep.", "ave.", "rd.", "vs.", "no.", "apt.", "rm.", "u.s.", "e.g.", "i.e.", "a.m.", "p.m.",
]);

const isAsciiLetter = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;

/** "Kinsley's" → "kinsley"; "Dr." → "dr"; "Al-Sayed" stays whole. */
export function baseOf(lower: string): string {
  let end = lower.length;
  if (end >= 2 && lower.charCodeAt(end - 1) === 115 /* s */) {
    const quote = lower.charCodeAt(end - 2);
    if (quote === 39 || quote === 0x2019) end -= 2;
  }
  if (end > 0 && lower.charCodeAt(end - 1) === 46 /* . */) end -= 1;
  return end === lower.length ? lower : lower.slice(0, end);
}

/**
 * `lowerText` is `text.toLowerCase()` when the caller has it. Token `lower`s are then slices of it
 * (one lowercasing call per text instead of one per token) — unless lowercasing changes the length
 * ("İ") or depends on context (Greek final sigma), where each token is lowercased on its own.
 */
export function tokenize(text: string, lowerText: string = text.toLowerCase()): Token[] {
  const tokens: Token[] = [];
  const sliceLower = lowerText.length === text.length && !text.includes("Σ");
  let sentence = 0;
  let position = 0;
  let index = 0;
  let symbolEnd: number;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    // Whitespace: newlines end a sentence.
    if (code === 10 || code === 13) {
      if (position > 0) { sentence++; position = 0; }
      index++;
      continue;
    }
    if (code === 32 || code === 9 || code === 0xa0 || (code < 32) || code === 0x200b) { index++; continue; }
    let value: string;
    let kind: TokenKind;
    const fullPattern = needsFullPattern(text, index);
    const asciiEnd = fullPattern ? -1 : isAsciiLetter(code) ? asciiWordEnd(text, index) : isAsciiDigit(code) ? asciiNumberEnd(text, index) : -1;
    if (asciiEnd > 0) {
      value = text.slice(index, asciiEnd);
      kind = isAsciiDigit(code) ? "number" : "word";
    } else if (!fullPattern && code < 128 && !isAsciiLetter(code) && !isAsciiDigit(code)) {
      // ASCII punctuation is never an emoji (those are all outside ASCII) and always a single character.
      value = text.charAt(index);
      kind = "punct";
    } else if (!fullPattern && code >= 128 && (symbolEnd = nonAsciiSymbolEnd(text, index)) > 0) {
      value = text.slice(index, symbolEnd);
      kind = (symbolClass(text.codePointAt(index)!) & EMOJI_PART) !== 0 ? "emoji" : "punct";
    } else {
      const pattern = fullPattern ? TOKEN_RE : SIMPLE_TOKEN_RE;
      pattern.lastIndex = index;
      const match = pattern.exec(text);
      if (!match || !match.groups) { index++; continue; }
      value = match[0];
      const groups = match.groups;
      kind = groups.url ? "url" : groups.email ? "email" : groups.mention ? "mention" : groups.hashtag ? "hashtag"
        : groups.number ? "number" : groups.word ? "word" : groups.emoji ? "emoji" : "punct";
    }
    let splitPeriod = false;
    if (kind === "word" && value.length > 1 && value.charCodeAt(value.length - 1) === 46) {
      const lowerValue = value.toLowerCase();
      // Keep the dot on abbreviations and single-letter initials ("Rudy M."); otherwise it is punctuation.
      if (!ABBREVIATIONS.has(lowerValue) && !(value.length === 2 && UPPER_RE.test(value)) && !DOT_LETTER_RE.test(value)) {
        value = value.slice(0, -1);
        splitPeriod = true;
      }
    }
    if (kind === "word" && value.length === 0) kind = "punct";
    // "!!!" or "?!" after a sentence end belongs to that sentence instead of opening empty ones.
    if (kind === "punct" && position === 0 && sentence > 0 && SENTENCE_PUNCT_RE.test(value)) {
      tokens.push({ text: value, lower: value, base: value, cue: 0, info: -1, start: index, end: index + value.length, kind, sentence: sentence - 1, position: -1, capitalized: false });
      index += value.length;
      continue;
    }
    const lower = kind === "punct" ? value : sliceLower ? lowerText.slice(index, index + value.length) : value.toLowerCase();
    tokens.push({
      text: value,
      lower,
      base: kind === "word" ? baseOf(lower) : lower,
      // Cue vocabularies hold only words and emoji.
      cue: kind === "word" || kind === "emoji" ? cueFlags(lower) : 0,
      info: -1,
      start: index,
      end: index + value.length,
      kind,
      sentence,
      position,
      capitalized: isCapitalized(value),
    });
    position++;
    index += value.length;
    const last = value.charCodeAt(value.length - 1);
    if (kind === "punct" && (last === 33 || last === 63 || last === 46 || last === 0x2026)) {
      sentence++; position = 0;
    } else if (kind === "emoji") {
      // Emoji runs often stand in for a full stop in social text.
      const next = nextNonSpace(text, index);
      if (next !== "" && next !== next.toLowerCase()) { sentence++; position = 0; }
    }
    if (splitPeriod) {
      tokens.push({ text: ".", lower: ".", base: ".", cue: 0, info: -1, start: index, end: index + 1, kind: "punct", sentence, position, capitalized: false });
      index++;
      sentence++;
      position = 0;
    }
  }
  return tokens;
}

function isCapitalized(value: string): boolean {
  const code = value.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  const first = value.charAt(0);
  return first !== first.toLowerCase();
}

/**
 * End of an ASCII word starting at `from` (same shape as the regex's word group:
 * letters, up to four inner ' ’ . - joins, optional final dot), or -1 when a non-ASCII character
 * could extend it (an accented letter, a combining mark) and the regex must decide.
 */
function asciiWordEnd(text: string, from: number): number {
  let i = from + 1;
  const length = text.length;
  while (i < length && isAsciiLetter(text.charCodeAt(i))) i++;
  for (let joins = 0; joins < 4 && i < length; joins++) {
    const code = text.charCodeAt(i);
    if (code >= 128 && code !== 0x2019) return -1;
    if (code !== 39 && code !== 0x2019 && code !== 46 && code !== 45) break;
    if (i + 1 >= length) break;
    const after = text.charCodeAt(i + 1);
    if (after >= 128) return -1;
    if (!isAsciiLetter(after)) break;
    i += 2;
    while (i < length && isAsciiLetter(text.charCodeAt(i))) i++;
  }
  if (i < length) {
    const code = text.charCodeAt(i);
    if (code >= 128) return -1;
    if (code === 46) i++;
  }
  return i;
}

/** End of an ASCII number (digits, up to six [.,:/-]digit groups, st|nd|rd|th|s), or -1 to defer to the regex. */
function asciiNumberEnd(text: string, from: number): number {
  let i = from + 1;
  const length = text.length;
  while (i < length && isAsciiDigit(text.charCodeAt(i))) i++;
  for (let groups = 0; groups < 6 && i < length; groups++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return -1;
    if (code !== 46 && code !== 44 && code !== 58 && code !== 47 && code !== 45) break;
    if (i + 1 >= length) break;
    const after = text.charCodeAt(i + 1);
    if (after >= 128) return -1;
    if (!isAsciiDigit(after)) break;
    i += 2;
    while (i < length && isAsciiDigit(text.charCodeAt(i))) i++;
  }
  if (i < length) {
    const code = text.charCodeAt(i);
    if (code >= 128) return -1;
    const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
    if ((code === 115 && next === 116) || (code === 110 && next === 100) || (code === 114 && next === 100) || (code === 116 && next === 104)) i += 2;
    else if (code === 115) i += 1;
  }
  return i;
}

// What SIMPLE_TOKEN_RE makes of a non-ASCII character that is no letter or digit, without running
// it (emoji and dashes are in most social texts): bits per code point, memoized.
const EMOJI_PART = 1;
/** A letter, digit or space: a word, a number or no token, so the regex decides. */
const NOT_SYMBOL = 2;
const LETTER_DIGIT_OR_SPACE_RE = /^[\p{L}\p{N}\s]$/u;
const EMOJI_PART_RE = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])$/u;
const symbolClasses = new Map<number, number>();

function symbolClass(codePoint: number): number {
  let bits = symbolClasses.get(codePoint);
  if (bits === undefined) {
    const char = String.fromCodePoint(codePoint);
    bits = (LETTER_DIGIT_OR_SPACE_RE.test(char) ? NOT_SYMBOL : 0) | (EMOJI_PART_RE.test(char) ? EMOJI_PART : 0);
    // Bounded: code points seen, at most this many.
    if (symbolClasses.size < 65536) symbolClasses.set(codePoint, bits);
  }
  return bits;
}

/**
 * End of the token SIMPLE_TOKEN_RE matches at a non-ASCII character that is no letter, digit or
 * space: a run of emoji parts (its emoji group), or that one code point (its punct group); -1 for
 * a letter, digit or space, which the regex handles.
 */
function nonAsciiSymbolEnd(text: string, from: number): number {
  const first = text.codePointAt(from)!;
  const bits = symbolClass(first);
  if ((bits & NOT_SYMBOL) !== 0) return -1;
  let end = from + (first > 0xffff ? 2 : 1);
  if ((bits & EMOJI_PART) === 0) return end;
  while (end < text.length) {
    const next = text.codePointAt(end)!;
    if ((symbolClass(next) & EMOJI_PART) === 0) break;
    end += next > 0xffff ? 2 : 1;
  }
  return end;
}

/** Does the whitespace-delimited run starting here contain "@", "#" or a dot followed by a letter? */
function needsFullPattern(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + 400);
  for (let i = from; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10 || code === 13 || code === 9) return false;
    if (code === 64 || code === 35) return true;
    if (code === 46) {
      const next = text.charCodeAt(i + 1);
      if ((next >= 97 && next <= 122) || (next >= 65 && next <= 90)) return true;
    }
  }
  return false;
}

function nextNonSpace(text: string, from: number): string {
  for (let i = from; i < text.length && i < from + 8; i++) {
    const ch = text.charAt(i);
    if (ch !== " " && ch !== "\t") return ch;
  }
  return "";
}
