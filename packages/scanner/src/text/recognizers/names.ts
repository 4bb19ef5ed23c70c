// NAME: patients and their relatives, as they appear in social text (full, first-only, lowercase,
// misspelled). Staff, public figures, pets and the org itself are recognised and left out.
import { makeCandidate, type Candidate, type PersonRole, type ScanContext } from "../candidate.js";
import {
  KIN, KIN_OWNERS, NEVER_NAMES, ORG_WORDS, PATIENT_INTRO_PHRASES, PERSON_TITLES, PET_WORDS, PUBLIC_TITLES,
  STAFF_CREDENTIALS, STAFF_ROLES, STAFF_TITLES,
} from "../cues.js";
import { CUE } from "../cues.js";
import { kindOf, mayStartHealthTerm, rankOf, tokenInfo, type Lexicons } from "../lexicons.js";
import type { Token } from "../tokenize.js";
import { collectStaffNames, isNameToken, withoutFinalDot } from "./name-tokens.js";

type CueStrength = "strong" | "moderate" | "none";
interface Cue { strength: CueStrength; role: PersonRole; why: string }

// Adjectives allowed between a cue and the name ("my little brother Haruto", "our sweet Mr. X").
const FILLERS = new Set(["little", "lil", "big", "baby", "sweet", "precious", "beautiful", "brave", "dear", "late", "beloved", "amazing", "longtime", "favorite", "favourite", "younger", "older", "youngest", "oldest", "twin", "best", "new", "wonderful", "own", "friend", "the", "our", "sweetheart", "buddy", "pal"]);
const PUBLIC_SENTENCE = /\b(spoken (?:openly|publicly)|speaks openly|reminded (?:the world|us)|announced|revealed|went public|famous|celebrity|superstar|olympic|grammy|nba|nfl|tv star)\b/;
const FACILITY_NOUNS = new Set(["main", "lobby", "campus", "office", "offices", "location", "locations", "building", "parking", "garage", "cafeteria", "ppo", "hmo", "plan", "insurance"]);
// Text-wide signs that the people named are volunteers or staff being celebrated.
const STAFF_TEXT = /\b(volunteers?|volunteering|years of service|work anniversary|employee of the|joins our|joined our|welcome (?:dr|nurse)|to our team)\b/;
const ENDEARMENTS = new Set(["little", "lil", "sweet", "precious", "brave", "beautiful", "baby"]);
const PLACE_PREPOSITIONS = new Set(["at", "from", "in", "near", "on", "via", "into"]);
// A capitalized run followed by one of these is an event or campaign ("Walk", "Awareness Month").
const EVENT_WORDS_AFTER = new Set(["day", "month", "week", "awareness", "walk", "run", "gala", "fund"]);
// Words that may sit between a name and a role noun: "Brittany is the only hygienist".
const ROLE_LINKERS = new Set([",", "is", "was", "the", "our", "only", "new", "best", "a", "an", "one", "of", "amazing", "night", "day", "charge", "head", "lead", "favorite", "who", "'s"]);
const INITIAL_RE = /^\p{Lu}\.$/u;
const UPPER_LETTER_RE = /\p{Lu}/u;
const TO_THE_TEAM_RE = /\bto (?:our|the) team\b/;
// A word every PUBLIC_SENTENCE match contains: a text with none of them needs no sentence strings.
const PUBLIC_TRIGGER_RE = /spoken|speaks|reminded|announced|revealed|went public|famous|celebrity|superstar|olympic|grammy|nba|nfl|tv star/;
const NO_CUE: Cue = { strength: "none", role: "unknown", why: "" };
// PATIENT_INTRO_PHRASES grouped by their last word, so a cue check is one map look-up, not 37 scans.
const INTRO_BY_LAST_WORD = new Map<string, string[][]>();
for (const phrase of PATIENT_INTRO_PHRASES) {
  const last = phrase[phrase.length - 1] ?? "";
  const list = INTRO_BY_LAST_WORD.get(last) ?? [];
  list.push(phrase);
  INTRO_BY_LAST_WORD.set(last, list);
}
// Per-sentence flags (see sentenceFlags).
const PET_FLAG = 1;
const STAFF_CUE_FLAG = 2;

export function recognizeNames(context: ScanContext): Candidate[] {
  const { tokens, lexicons } = context;
  let staffNames: Set<string> | undefined;
  const found: Candidate[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token || token.kind !== "word") continue;
    if (!token.capitalized && kindOf(tokenInfo(lexicons, token)) === 0 && rankOf(token.base === token.lower ? tokenInfo(lexicons, token) : lexicons.wordInfo(token.lower)) > 0) continue;
    // The cheapest test first: a token that fails even with lowercase allowed needs no cue look-up.
    if (!isNameToken(context, token, true)) continue;
    const leftCue = cueBefore(tokens, index);
    // Lowercase: names after a patient cue ("my nephew jonathon"); a word no name list knows needs a
    // strong cue ("keep unopened insulin…" is advice, not a name).
    const lowercaseOk = leftCue.role === "patient"
      && (leftCue.strength === "strong" || (leftCue.strength === "moderate" && kindOf(tokenInfo(lexicons, token)) !== 0));
    if (!lowercaseOk && !isNameToken(context, token, false)) continue;
    let last = index;
    while (last + 1 < tokens.length && last - index < 3) {
      const next = tokens[last + 1];
      if (!next || next.sentence !== token.sentence || next.kind !== "word") break;
      const initial = next.text.length <= 3 && INITIAL_RE.test(next.text);
      if (!initial && !isNameToken(context, next, lowercaseOk && !next.capitalized, true)) break;
      last++;
    }
    const chunk = tokens.slice(index, last + 1);
    index = last;
    staffNames ??= collectStaffNames(tokens);
    const judged = judge(context, chunk, index - chunk.length + 1, leftCue, staffNames);
    if (!judged) continue;
    const first = chunk[0];
    const end = chunk[chunk.length - 1];
    if (!first || !end) continue;
    const possessive = isPossessive(end.lower) ? 2 : 0;
    found.push(makeCandidate(context, "NAME", first.start, end.end - possessive, {
      score: judged.score,
      recognizer: "name.context",
      explanation: judged.why,
      role: judged.role,
      subtype: chunk.length > 1 || leftCue.why === "title" ? "full" : "first",
      personal: judged.role === "patient",
    }));
  }
  return found;
}

function judge(context: ScanContext, chunk: Token[], firstIndex: number, leftCue: Cue, staffNames: Set<string>):
  { score: number; role: PersonRole; why: string } | undefined {
  const { tokens, lexicons } = context;
  const first = chunk[0];
  if (!first) return undefined;
  const lastIndex = firstIndex + chunk.length - 1;
  const bases = chunk.map((t) => t.base);
  const next = tokens[lastIndex + 1];
  const previous = tokens[firstIndex - 1];
  const sentence = first.sentence;

  // Organisation or place: "Harbor Light Hospice", "Costa Family Pharmacy", "at Riverside".
  if (bases.some((b) => lexicons.healthByFirstWord.has(b)) || (next && EVENT_WORDS_AFTER.has(next.lower))) return undefined;
  if (bases.some((b) => ORG_WORDS.has(b)) || (next?.capitalized && ORG_WORDS.has(next.lower))) return undefined;
  // "Mercy Plains ED", "Blue Shield PPO", "Riverside main lobby": a facility or plan, not a person.
  if (next && ((next.kind === "word" && next.text.length >= 2 && next.text === next.text.toUpperCase() && UPPER_LETTER_RE.test(next.text)) || FACILITY_NOUNS.has(next.lower))) return undefined;
  if (leftCue.strength !== "strong" && bases.every((b) => { const rank = rankOf(lexicons.wordInfo(b)); return rank > 0 && rank < 5000; })) return undefined;
  if (leftCue.strength === "none" && previous && PLACE_PREPOSITIONS.has(previous.lower)) return undefined;

  // Staff: "Dr. Lin", "Grace Liu, MD", "our hygienist Brittany", "Nurse Kim" elsewhere in the text.
  const credentialAfter = next && (STAFF_CREDENTIALS.has(withoutFinalDot(next.lower)) && next.text !== next.lower
    || (next.text === "," && STAFF_CREDENTIALS.has(withoutFinalDot(tokens[lastIndex + 2]?.lower ?? ""))));
  if (leftCue.role === "staff" || credentialAfter || bases.some((b) => staffNames.has(b)) || roleAfter(tokens, lastIndex)) {
    return { score: 0.2, role: "staff", why: "a staff member" };
  }
  if (leftCue.role === "public" || (mayBePublic(context) && PUBLIC_SENTENCE.test(sentenceWords(context, sentence)))) return { score: 0.2, role: "public", why: "a public figure" };
  // A pet elsewhere in the sentence does not make "my dad X" a pet.
  const kinIntroduced = leftCue.strength === "strong" && leftCue.role === "patient" && leftCue.why !== "title";
  if ((next && PET_WORDS.has(next.lower)) || (!kinIntroduced && (sentenceFlags(context, sentence) & PET_FLAG) !== 0)) return { score: 0.2, role: "pet", why: "a pet" };

  let prior = 0;
  let lexiconHits = 0;
  for (let position = 0; position < chunk.length; position++) {
    const token = chunk[position];
    if (!token) continue;
    const info = tokenInfo(lexicons, token);
    const kind = kindOf(info);
    const rank = rankOf(info);
    if (kind !== 0) lexiconHits++;
    let value = kind === 0 ? (rank === 0 ? 0.3 : 0.05) : (info & 4) !== 0 ? (rank > 3000 ? 0.5 : 0.15) : kind === 1 ? 0.75 : 0.6;
    if (token.position === 0 && kind === 0) value = Math.min(value, 0.2);
    prior = Math.max(prior, value);
  }
  if (chunk.length > 1 && lexiconHits > 0) prior += 0.15;
  if (!first.capitalized) prior -= 0.1;

  const staffSentence = (sentenceFlags(context, sentence) & STAFF_CUE_FLAG) !== 0 || (context.lower.includes("team") && TO_THE_TEAM_RE.test(sentenceWords(context, sentence)))
    || (leftCue.strength === "none" && staffText(context));
  let cue = leftCue.strength !== "none" ? leftCue : cueAround(tokens, firstIndex, lastIndex, lexicons);
  if (cue.strength !== "strong" && staffSentence) return { score: 0.2, role: "staff", why: "named in a staff celebration" };
  const score = cue.strength === "strong" ? Math.max(prior + 0.3, 0.9) : cue.strength === "moderate" ? prior + 0.3 : prior;
  if (score < 0.5) return undefined;
  if (cue.strength === "none") cue = { strength: "none", role: "unknown", why: "a person's name" };
  return { score: Math.min(score, 0.99), role: cue.role, why: cue.why === "title" ? "a patient's or relative's name (courtesy title)" : cue.why };
}

/** Cue immediately left of a candidate, skipping emojis and fillers ("my little brother", "Deacon"). */
function cueBefore(tokens: Token[], index: number): Cue {
  const current = tokens[index];
  let cursor = index - 1;
  const skipped: Token[] = [];
  while (cursor >= 0) {
    const token = tokens[cursor];
    if (!token || token.sentence !== current?.sentence) break;
    // "(" too: "my wife (Hyun-joo)".
    if (token.kind === "emoji" || FILLERS.has(token.lower) || token.text === "(") { skipped.push(token); cursor--; continue; }
    break;
  }
  const prev = tokens[cursor];
  if (!prev || prev.sentence !== current?.sentence) return endearmentCue(skipped, undefined);
  const lower = prev.lower;
  // Capital "PT" is physical therapy ("our PT crew"); lowercase "pt" is a patient.
  if (prev.text === "PT") return NO_CUE;
  if (STAFF_TITLES.has(lower) || STAFF_ROLES.has(lower)) return { strength: "strong", role: "staff", why: "staff title" };
  if (PUBLIC_TITLES.has(lower)) return { strength: "strong", role: "public", why: "public figure" };
  if (PERSON_TITLES.has(lower)) return { strength: "strong", role: "patient", why: "title" };
  const endeared = endearmentCue(skipped, prev);
  if (endeared !== NO_CUE) return endeared;
  const possessive = isPossessive(lower);
  if (KIN.has(possessive ? lower.slice(0, -2) : lower)) {
    // "my son's asthma": after a possessive kin word comes a thing, not a name.
    if (possessive) return NO_CUE;
    const owner = tokens[cursor - 1];
    const owned = owner && (KIN_OWNERS.has(owner.lower) || isPossessive(owner.lower));
    return { strength: owned ? "strong" : "moderate", role: "patient", why: "a patient's relative or a patient introduced by a relative" };
  }
  for (const phrase of INTRO_BY_LAST_WORD.get(lower) ?? []) {
    if (phraseEndsAt(tokens, cursor, phrase)) return { strength: phrase.length > 1 || phrase[0] === "patient" || phrase[0] === "pt" ? "strong" : "moderate", role: "patient", why: "introduced as a patient or someone being prayed for" };
  }
  return NO_CUE;
}

/**
 * Cues made of the skipped fillers themselves: "Baby Nkechi", "lil Tay" (a title, also at the start
 * of a sentence); "our little Zuri", "my sweet Ama" (an endearment after a possessive: a child or relative).
 */
function endearmentCue(skipped: Token[], prev: Token | undefined): Cue {
  if (skipped.some((t) => t.lower === "baby" || t.lower === "lil")) return { strength: "strong", role: "patient", why: "title" };
  const owned = (prev && KIN_OWNERS.has(prev.lower)) || skipped.some((t) => KIN_OWNERS.has(t.lower));
  if (owned && skipped.some((t) => ENDEARMENTS.has(t.lower))) {
    return { strength: "moderate", role: "patient", why: "a patient's relative or a patient introduced by a relative" };
  }
  return NO_CUE;
}

function startsHealthTerm(lexicons: Lexicons, token: Token): boolean {
  return token.kind === "word" && mayStartHealthTerm(tokenInfo(lexicons, token)) && lexicons.healthByFirstWord.has(token.base);
}

/** Ends in "'s" or "’s" (lowercase input). */
function isPossessive(lower: string): boolean {
  const length = lower.length;
  if (length < 2 || lower.charCodeAt(length - 1) !== 115) return false;
  const quote = lower.charCodeAt(length - 2);
  return quote === 39 || quote === 0x2019;
}

/** Cues after or around the name: vocatives ("Ethel, you are…"), possessive kin ("Kinsley's mom"), "the X family". */
function cueAround(tokens: Token[], firstIndex: number, lastIndex: number, lexicons: Lexicons): Cue {
  const last = tokens[lastIndex];
  const next = tokens[lastIndex + 1];
  const previous = tokens[firstIndex - 1];
  if (last && isPossessive(last.lower) && next && KIN.has(next.lower)) return { strength: "strong", role: "patient", why: "a patient named through a relative" };
  // "Haruki's speech therapy", "Abuela Rosa's dialysis": a possessive name owning a health term.
  if (last && isPossessive(last.lower) && next && startsHealthTerm(lexicons, next)) return { strength: "moderate", role: "patient", why: "a patient named with their care" };
  if (previous?.lower === "the" && next?.lower.startsWith("famil")) return { strength: "moderate", role: "patient", why: "a patient's family name" };
  const afterIsBreak = !next || next.sentence !== last?.sentence || next.text === "," || next.text === "!" || next.text === "." || next.text === "?" || next.kind === "emoji";
  const beforeIsBreak = !previous || previous.sentence !== tokens[firstIndex]?.sentence || previous.text === "," || previous.lower === "hi" || previous.lower === "hey" || previous.lower === "congrats" || previous.lower === "congratulations";
  if (afterIsBreak && beforeIsBreak) return { strength: "moderate", role: "unknown", why: "a person addressed by name" };
  if (previous && (previous.lower === "tell" || previous.lower === "thanks" || previous.lower === "to")) return { strength: "moderate", role: "unknown", why: "a person addressed by name" };
  return NO_CUE;
}

/** "Brittany is the only hygienist", "Tamika, our charge nurse": a role noun shortly after the name. */
function roleAfter(tokens: Token[], lastIndex: number): boolean {
  for (let cursor = lastIndex + 1; cursor <= lastIndex + 5 && cursor < tokens.length; cursor++) {
    const token = tokens[cursor];
    if (!token) break;
    if (STAFF_ROLES.has(token.lower) && token.lower !== "team" && token.lower !== "staff") return cursor > lastIndex + 1;
    if (!ROLE_LINKERS.has(token.lower)) return false;
  }
  return false;
}

function phraseEndsAt(tokens: Token[], endIndex: number, phrase: string[]): boolean {
  for (let offset = 0; offset < phrase.length; offset++) {
    const token = tokens[endIndex - (phrase.length - 1) + offset];
    if (!token || token.lower !== phrase[offset]) return false;
  }
  return true;
}

function mayBePublic(context: ScanContext): boolean {
  context.publicText ??= PUBLIC_TRIGGER_RE.test(context.lower);
  return context.publicText;
}

function staffText(context: ScanContext): boolean {
  context.staffText ??= STAFF_TEXT.test(context.lower);
  return context.staffText;
}

// Sentence views are built lazily, once per sentence and scan, so long texts stay linear.
// Both look at the first 200 tokens of a sentence only.
const SENTENCE_TOKEN_CAP = 200;

/** The lowercase tokens of a sentence joined by spaces, for phrase regexes ("spoken openly"). */
function sentenceWords(context: ScanContext, sentence: number): string {
  context.sentenceWords ??= new Map();
  let words = context.sentenceWords.get(sentence);
  if (words === undefined) {
    const list: string[] = [];
    forSentenceTokens(context, sentence, (token) => { list.push(token.lower); });
    words = list.join(" ");
    context.sentenceWords.set(sentence, words);
  }
  return words;
}

/** PET_FLAG | STAFF_CUE_FLAG: does the sentence contain a pet word or a staff-celebration word? */
function sentenceFlags(context: ScanContext, sentence: number): number {
  context.sentenceFlags ??= new Map();
  let flags = context.sentenceFlags.get(sentence);
  if (flags === undefined) {
    let value = 0;
    forSentenceTokens(context, sentence, (token) => {
      if ((token.cue & CUE.PET) !== 0) value |= PET_FLAG;
      if ((token.cue & CUE.STAFF_SENTENCE) !== 0) value |= STAFF_CUE_FLAG;
    });
    flags = value;
    context.sentenceFlags.set(sentence, flags);
  }
  return flags;
}

function forSentenceTokens(context: ScanContext, sentence: number, visit: (token: Token) => void): void {
  const { tokens } = context;
  // Sentence numbers never decrease along the token list: binary-search the first token.
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((tokens[middle]?.sentence ?? Infinity) < sentence) low = middle + 1; else high = middle;
  }
  let count = 0;
  for (let index = low; index < tokens.length && count < SENTENCE_TOKEN_CAP; index++, count++) {
    const token = tokens[index];
    if (!token || token.sentence !== sentence) break;
    visit(token);
  }
}

export { NEVER_NAMES };
