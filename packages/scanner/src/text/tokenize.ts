// Splits social-media text into word-ish tokens with UTF-16 offsets and sentence numbers.
// One linear pass with a sticky regex: no backtracking-prone patterns, safe on 100 KB input.

export type TokenKind = "word" | "number" | "mention" | "hashtag" | "url" | "email" | "punct" | "emoji";

export interface Token {
  text: string;
  lower: string;
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
// Fast path for runs without "@", "#" or an inner dot: no URL/email/mention alternatives to try.
const SIMPLE_TOKEN_RE =
  /(?<number>\p{N}+(?:[.,:/-]\p{N}+){0,6}(?:st|nd|rd|th|s)?)|(?<word>\p{L}[\p{L}\p{M}]*(?:['’.-][\p{L}\p{M}]+){0,4}\.?)|(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])+)|(?<punct>[^\s\p{L}\p{N}])/uy;
const TOKEN_RE =
  /(?<url>(?:https?:\/\/)?(?:[\p{L}\p{N}-]{1,63}\.){1,8}(?:com|org|net|edu|gov|io|me|us|co|health|care|info|ly|gl|be|app)(?:\/[^\s<>"')]{0,300})?(?![\p{L}\p{N}]))|(?<email>[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8})|(?<mention>@[\p{L}\p{N}_.]{1,64})|(?<hashtag>#[\p{L}\p{N}_]{1,100})|(?<number>\p{N}+(?:[.,:/-]\p{N}+){0,6}(?:st|nd|rd|th|s)?)|(?<word>\p{L}[\p{L}\p{M}]*(?:['’.-][\p{L}\p{M}]+){0,4}\.?)|(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])+)|(?<punct>[^\s\p{L}\p{N}])/uy;

// A trailing period belongs to these words ("Dr.", "Mr.") and does not end a sentence.
const ABBREVIATIONS = new Set([
  "dr.", "mr.", "mrs.", "ms.", "mx.", "st.", "sgt.", "jr.", "sr.", "lt.", "capt.", "prof.", "rev.", "fr.", "gov.", "sen.", "rep.", "ave.", "rd.", "vs.", "no.", "apt.", "rm.", "u.s.", "e.g.", "i.e.", "a.m.", "p.m.",
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let position = 0;
  let index = 0;
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
    const pattern = needsFullPattern(text, index) ? TOKEN_RE : SIMPLE_TOKEN_RE;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match || !match.groups) { index++; continue; }
    let value = match[0];
    const groups = match.groups;
    let kind: TokenKind = groups.url ? "url" : groups.email ? "email" : groups.mention ? "mention" : groups.hashtag ? "hashtag"
      : groups.number ? "number" : groups.word ? "word" : groups.emoji ? "emoji" : "punct";
    let splitPeriod = false;
    if (kind === "word" && value.endsWith(".") && value.length > 1) {
      const lowerValue = value.toLowerCase();
      // Keep the dot on abbreviations and single-letter initials ("Rudy M."); otherwise it is punctuation.
      if (!ABBREVIATIONS.has(lowerValue) && !(value.length === 2 && /\p{Lu}/u.test(value)) && !/\.\p{L}/u.test(value)) {
        value = value.slice(0, -1);
        splitPeriod = true;
      }
    }
    if (kind === "word" && value.length === 0) kind = "punct";
    const first = value.charAt(0);
    // "!!!" or "?!" after a sentence end belongs to that sentence instead of opening empty ones.
    if (kind === "punct" && position === 0 && sentence > 0 && /[.!?…]/.test(value)) {
      tokens.push({ text: value, lower: value, start: index, end: index + value.length, kind, sentence: sentence - 1, position: -1, capitalized: false });
      index += value.length;
      continue;
    }
    tokens.push({
      text: value,
      lower: value.toLowerCase(),
      start: index,
      end: index + value.length,
      kind,
      sentence,
      position,
      capitalized: first !== first.toLowerCase(),
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
      tokens.push({ text: ".", lower: ".", start: index, end: index + 1, kind: "punct", sentence, position, capitalized: false });
      index++;
      sentence++;
      position = 0;
    }
  }
  return tokens;
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
