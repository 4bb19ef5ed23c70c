// Token-level tests shared by the name recognizers.
import type { ScanContext } from "../candidate.js";
import { NEVER_NAMES, ORG_WORDS, STAFF_CREDENTIALS, STAFF_TITLES, KIN, PERSON_TITLES } from "../cues.js";
import type { Token } from "../tokenize.js";

/** "Kinsley's" → "kinsley"; "Al-Sayed" stays whole. */
export function nameBase(lower: string): string {
  return lower.replace(/['’]s$/, "").replace(/\.$/, "");
}

/**
 * Could this token be part of a person's name? Capitalized tokens qualify when they are in the name
 * lists or are unknown words (not everyday English); lowercase ones only after a strong cue.
 */
export function isNameToken(context: ScanContext, token: Token, lowercaseOk: boolean, continuation = false): boolean {
  if (token.kind !== "word") return false;
  const base = nameBase(token.lower);
  if (base.length < 2 || NEVER_NAMES.has(base) || KIN.has(base) || PERSON_TITLES.has(base) || STAFF_TITLES.has(base)) return false;
  if (!/^[\p{L}'’.-]+$/u.test(base)) return false;
  const { lexicons } = context;
  const kind = lexicons.nameKind(base);
  const rank = lexicons.commonRank(base);
  if (token.capitalized) {
    // ALL-CAPS words of 3+ letters are shouting or acronyms ("ANYTHING", "ICU"), not names.
    if (token.text.length >= 3 && token.text === token.text.toUpperCase()) return false;
    if (continuation) return !ORG_WORDS.has(base) && (kind !== 0 || rank === 0 || rank > 2000);
    if (kind !== 0) {
      if (token.position === 0 && rank > 0 && !lowercaseOk) return !lexicons.isWordyName(base) && rank > 3000;
      return !lexicons.isWordyName(base) || rank > 3000 || token.position > 0;
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
    if (token.kind === "mention" && /nurse|\brn\b|\.rn|_rn|\bdr\b|^@dr|doc|md\b/.test(token.lower)) {
      for (const part of token.lower.slice(1).split(/[._\d]+/)) if (part.length > 2) staff.add(part);
      continue;
    }
    if (token.kind !== "word") continue;
    if (STAFF_TITLES.has(token.lower) && token.lower !== "volunteer" && token.lower !== "artist") {
      for (let offset = 1; offset <= 3; offset++) {
        const next = tokens[index + offset];
        if (!next || next.kind !== "word" || !next.capitalized || next.sentence !== token.sentence) break;
        staff.add(nameBase(next.lower));
      }
    }
    const credential = token.lower.replace(/\.$/, "");
    if (STAFF_CREDENTIALS.has(credential) && token.text !== token.lower && credential.length >= 2) {
      let cursor = index - 1;
      if (tokens[cursor]?.text === ",") cursor--;
      for (let count = 0; count < 3; count++, cursor--) {
        const previous = tokens[cursor];
        if (!previous || previous.kind !== "word" || !previous.capitalized) break;
        staff.add(nameBase(previous.lower));
      }
    }
  }
  return staff;
}
