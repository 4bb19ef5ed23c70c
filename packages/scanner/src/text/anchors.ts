// Who is each sentence about? Finds the anchors that tie a health term to one individual:
// a patient's name, a relative ("my dad's"), the commenter themself, a described patient
// ("the guy in 7B", "a 16-year-old"), a pronoun, or the person an org reply is addressing.
import type { Candidate, ScanContext } from "./candidate.js";
import { CUE, KIN, KIN_OWNERS } from "./cues.js";

export interface SentenceAnchors {
  name: boolean;
  kin: boolean;
  self: boolean;
  describedPatient: boolean;
  pronoun: boolean;
  addressee: boolean;
  location: boolean;
  generic: boolean;
  /** A public figure is named here: their health is public record, not PHI. */
  publicFigure: boolean;
}

/** SentenceAnchors' keys in the order findAnchors creates them (what Object.entries would list). */
export const ANCHOR_KEYS = ["name", "kin", "self", "describedPatient", "pronoun", "addressee", "location", "generic", "publicFigure"] as const satisfies readonly (keyof SentenceAnchors)[];

/** The set anchors as bits, bit k for ANCHOR_KEYS[k] (read field by field: the features' hot path). */
export function anchorBits(entry: SentenceAnchors): number {
  return (entry.name ? 1 : 0) | (entry.kin ? 2 : 0) | (entry.self ? 4 : 0) | (entry.describedPatient ? 8 : 0) | (entry.pronoun ? 16 : 0)
    | (entry.addressee ? 32 : 0) | (entry.location ? 64 : 0) | (entry.generic ? 128 : 0) | (entry.publicFigure ? 256 : 0);
}

const DETERMINERS = new Set(["a", "an", "the", "this", "that", "our", "my", "one", "his", "her", "sweet", "young", "old", "little", "elderly", "older", "sweetest"]);
// Words allowed between an owner and a kin word: "my little brother", "her late husband".
const OWNER_FILLERS = new Set(["little", "baby", "big", "sweet", "older", "younger", "late", "dear", "own", "step", "sister", "brother", "oldest", "youngest", "lil", "2", "two", "new"]);
const AGED_RE = /^\d{1,3}-year-old$|^year-old$/;
const AGED_OR_YO_RE = /-year-old$|^y\/?o$/;
const ONE_OF_OUR_RE = /\bone of (?:our|my|the)\b/;

/** Ends in "'s" or "’s" (lowercase input). */
function isPossessive(lower: string): boolean {
  const length = lower.length;
  if (length < 2 || lower.charCodeAt(length - 1) !== 115) return false;
  const quote = lower.charCodeAt(length - 2);
  return quote === 39 || quote === 0x2019;
}

export function findAnchors(context: ScanContext, findings: Candidate[]): Map<number, SentenceAnchors> {
  const { tokens, kind } = context;
  const anchors = new Map<number, SentenceAnchors>();
  const at = (sentence: number): SentenceAnchors => {
    let entry = anchors.get(sentence);
    if (!entry) {
      entry = { name: false, kin: false, self: false, describedPatient: false, pronoun: false, addressee: false, location: false, generic: false, publicFigure: false };
      anchors.set(sentence, entry);
    }
    return entry;
  };
  for (const finding of findings) {
    if (finding.type === "NAME" && (finding.role === "patient" || finding.role === "unknown")) at(finding.sentence).name = true;
    if (finding.type === "NAME" && finding.role === "public") at(finding.sentence).publicFigure = true;
    if (finding.type === "LOCATION" && finding.personal) at(finding.sentence).location = true;
    if (finding.type === "AGE") at(finding.sentence).describedPatient = true;
  }
  const petSentences = new Set<number>();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token?.kind === "emoji" && (token.cue & CUE.PET) !== 0) petSentences.add(token.sentence);
    if (!token || (token.kind !== "word" && token.kind !== "number")) continue;
    const entry = at(token.sentence);
    const lower = token.lower;
    const previous = tokens[index - 1];
    const previousLower = previous?.sentence === token.sentence ? previous.lower : "";
    const possessive = isPossessive(lower);
    const kinWord = possessive ? lower.slice(0, -2) : lower;
    if (possessive ? KIN.has(kinWord) : (token.cue & CUE.KIN) !== 0) {
      const owner = findOwner(tokens, index);
      // In an org's public post "your child" is the reader in general, not a real person.
      if (owner && !(owner === "your" && kind === "post") && !(kinWord === "family" && owner !== "my" && owner !== "his" && owner !== "her")) entry.kin = true;
    }
    const cue = token.cue;
    if (kind === "comment" && (cue & CUE.SELF) !== 0) entry.self = true;
    if (kind === "reply" && (lower === "your" || lower === "you're" || lower === "you")) entry.addressee = true;
    if ((cue & CUE.PET) !== 0) petSentences.add(token.sentence);
    if ((cue & CUE.SINGULAR_PRONOUN) !== 0) entry.pronoun = true;
    if ((cue & CUE.GENERIC_PERSON) !== 0 || (lower === "if" && tokens[index + 1]?.lower === "you")) entry.generic = true;
    const beforePrevious = tokens[index - 2]?.sentence === token.sentence ? (tokens[index - 2]?.lower ?? "") : "";
    if ((cue & CUE.PERSON_NOUN) !== 0 && (DETERMINERS.has(previousLower) || DETERMINERS.has(beforePrevious) || AGED_OR_YO_RE.test(previousLower))) entry.describedPatient = true;
    if ((lower.endsWith("year-old") && AGED_RE.test(lower)) || (lower === "y" && tokens[index + 2]?.lower === "o")) entry.describedPatient = true;
    if ((lower === "patients" || lower === "pts") && ONE_OF_OUR_RE.test(context.lower.slice(Math.max(0, token.start - 40), token.start))) entry.describedPatient = true;
  }
  // "Meet Waffles, our therapy dog! He visits…": right after a pet, "he"/"she" is the pet.
  for (const sentence of petSentences) {
    for (const index of [sentence, sentence + 1]) {
      const entry = anchors.get(index);
      if (entry) entry.pronoun = false;
    }
  }
  return anchors;
}

/** The owner of a kin word: "my son", "my little brother", "the councilman's son". */
function findOwner(tokens: ScanContext["tokens"], index: number): string | undefined {
  for (let cursor = index - 1; cursor >= Math.max(0, index - 3); cursor--) {
    const token = tokens[cursor];
    if (!token || token.sentence !== tokens[index]?.sentence) return undefined;
    if (KIN_OWNERS.has(token.lower)) return token.lower;
    if (isPossessive(token.lower)) return "someone's";
    if (!OWNER_FILLERS.has(token.lower)) return undefined;
  }
  return undefined;
}

export function anyAnchor(entry: SentenceAnchors | undefined): boolean {
  return !!entry && !entry.publicFigure && (entry.name || entry.kin || entry.self || entry.describedPatient || entry.pronoun || entry.addressee || entry.location);
}
