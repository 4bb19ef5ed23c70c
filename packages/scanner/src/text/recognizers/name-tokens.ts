// Token-level tests shared by the name recognizers.
import type { ScanContext } from "../candidate.js";
import { CUE, cueFlags, ORG_WORDS, STAFF_CREDENTIALS } from "../cues.js";
import { isWordy, kindOf, rankOf, tokenInfo } from "../lexicons.js";
import { baseOf, type Token } from "../tokenize.js";

/** "Kinsley's" → "kinsley"; "Al-Sayed" stays whole. Tokens carry it precomputed as `token.base`. */
export const nameBase = baseOf;

const NAME_CHARS_RE = /^[\p{L}'’.-]+$/u;
const STAFF_MENTION_RE = /nurse|\brn\b|\.rn|_rn|\bdr\b|^@dr|doc|md\b/;
const HANDLE_SPLIT_RE = /[._\d]+/;

/**
 * Could this token be part of a person's name? Capitalized tokens qualify when they are in the name
 * lists or are unknown words (not everyday English); lowercase ones only after a strong cue.
 */
export function isNameToken(context: ScanContext, token: Token, lowercaseOk: boolean, continuation = false): boolean {
  if (token.kind !== "word") return false;
  const base = token.base;
  if (base.length < 2) return false;
  const cue = base === token.lower ? token.cue : cueFlags(base);
  if ((cue & (CUE.NEVER_NAME | CUE.KIN | CUE.PERSON_TITLE | CUE.STAFF_TITLE)) !== 0) return false;
  if (!plainLetters(base) && !NAME_CHARS_RE.test(base)) return false;
  const info = tokenInfo(context.lexicons, token);
  const kind = kindOf(info);
  const rank = rankOf(info);
  if (token.capitalized) {
    // ALL-CAPS words of 3+ letters are shouting or acronyms ("ANYTHING", "ICU"), not names.
    if (token.text.length >= 3 && token.text === token.text.toUpperCase()) return false;
    if (continuation) return !ORG_WORDS.has(base) && (kind !== 0 || rank === 0 || rank > 2000);
    if (kind !== 0) {
      if (token.position === 0 && rank > 0 && !lowercaseOk) return !isWordy(info) && rank > 3000;
      return !isWordy(info) || rank > 3000 || token.position > 0;
    }
    return rank === 0;
  }
  if (!lowercaseOk) return false;
  return kind !== 0 ? rank === 0 || rank > 5000 : rank === 0 && !continuation;
}

/** Name tokens that the text itself marks as staff: "Dr. Lin", "Nurse Kim", "Grace Liu, MD", "@nurse.tasha.rn". */
export function collectStaffNames(tokens: Token[]): Set<string> {
  const staff = new Set<string>();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token) continue;
    if (token.kind === "mention" && STAFF_MENTION_RE.test(token.lower)) {
      for (const part of token.lower.slice(1).split(HANDLE_SPLIT_RE)) if (part.length > 2) staff.add(part);
      continue;
    }
    if (token.kind !== "word") continue;
    if ((token.cue & CUE.STAFF_TITLE) !== 0 && token.lower !== "volunteer" && token.lower !== "artist") {
      for (let offset = 1; offset <= 3; offset++) {
        const next = tokens[index + offset];
        if (!next || next.kind !== "word" || !next.capitalized || next.sentence !== token.sentence) break;
        staff.add(next.base);
      }
    }
    const credential = withoutFinalDot(token.lower);
    const isCredential = credential === token.lower ? (token.cue & CUE.STAFF_CREDENTIAL) !== 0 : STAFF_CREDENTIALS.has(credential);
    if (isCredential && token.text !== token.lower && credential.length >= 2) {
      let cursor = index - 1;
      if (tokens[cursor]?.text === ",") cursor--;
      for (let count = 0; count < 3; count++, cursor--) {
        const previous = tokens[cursor];
        if (!previous || previous.kind !== "word" || !previous.capitalized) break;
        staff.add(previous.base);
      }
    }
  }
  return staff;
}

/**
 * Word tokens hold only letters, marks and ' ’ . - joins; below U+0300 (where combining marks start)
 * there are no marks, so such a word passes NAME_CHARS_RE without running it.
 */
function plainLetters(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x300) return false;
  return true;
}

/** "M.D." → "m.d"; "RN" stays: credentials are matched with or without a final dot. */
export function withoutFinalDot(lower: string): string {
  return lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower;
}
