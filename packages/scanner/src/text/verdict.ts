// Turns findings and anchors into block / review / allow with reasons a compliance officer can read.
// Order of severity: direct identifiers, then a named patient with health information, then
// health information about a described or self-disclosing person, then softer patient mentions.
import type { Verdict } from "../types.js";
import { anyAnchor, type SentenceAnchors } from "./anchors.js";
import type { Candidate, ScanContext } from "./candidate.js";
import { CONSENT_PHRASES, CUE } from "./cues.js";

export interface VerdictResult {
  verdict: Verdict;
  reasons: string[];
  /** Health findings judged to be about one person (the others are education or departments). */
  tiedHealth: Set<Candidate>;
}

export function decideVerdict(context: ScanContext, findings: Candidate[], anchors: Map<number, SentenceAnchors>): VerdictResult {
  const { kind } = context;
  let level = 0;
  const reasons: string[] = [];
  const raise = (to: 1 | 2, reason: string): void => {
    if (to > level) level = to;
    if (!reasons.includes(reason)) reasons.push(reason);
  };

  const textAnchors = mergeAnchors(anchors);
  const names = findings.filter((f) => f.type === "NAME" && (f.role === "patient" || f.role === "unknown") && f.score >= 0.5);
  const strongNames = names.filter((f) => f.subtype === "full" || f.subtype === "handle" || f.score >= 0.85);
  const health = findings.filter((f) => f.type === "HEALTH");
  const tiedHealth = new Set<Candidate>();
  for (const finding of health) {
    const local = anchors.get(finding.sentence);
    const previous = anchors.get(finding.sentence - 1);
    const weak = finding.subtype === "weak";
    const tiedLocally = weak
      ? !!local && !local.publicFigure && (local.name || local.kin || local.self || local.describedPatient || local.location || local.addressee)
      // A name or relative in the previous sentence carries over ("Prayers for Jake! ICU since Sunday").
      : anyAnchor(local) || (!!previous && !previous.publicFigure && !local?.publicFigure && (previous.name || previous.kin));
    // Staff chatter in a private group is about patients even when the anchor is a sentence away.
    const tiedInGroup = kind === "group_post" && !weak && (textAnchors.describedPatient || textAnchors.location || textAnchors.name);
    if (tiedLocally || tiedInGroup) tiedHealth.add(finding);
  }
  let strongTied = false;
  for (const finding of tiedHealth) if (finding.subtype !== "weak") strongTied = true;
  const anyTied = tiedHealth.size > 0;
  // Both scan the whole text, and most texts never reach a rule that asks: computed on first use.
  let patientStatusMemo: boolean | undefined;
  const patientStatus = (): boolean => (patientStatusMemo ??= hasPatientStatus(context));
  let consentMemo: boolean | undefined;
  const consent = (): boolean => (consentMemo ??= hasConsent(context));

  for (const finding of findings) {
    if (finding.type === "ID" && finding.personal) raise(2, `includes ${finding.explanation}`);
    if (finding.type === "CONTACT" && finding.personal && (kind !== "post" || context.source === "image" || anyTied || names.length > 0)) {
      raise(2, `includes ${finding.explanation} of an individual`);
    }
  }
  // A name on a photographed chart, wristband or folder label is a patient record on its own.
  if (context.source === "image" && names.some((f) => f.recognizer === "name.document")) raise(2, "a photographed document or label names a patient");
  // An admission or discharge date on a chart is one person's care even before the name is legible.
  if (context.source === "image" && findings.some((f) => f.recognizer === "date.document")) raise(1, "a photographed document shows a date of someone's care");
  if (findings.some((f) => f.recognizer === "config.deny")) raise(1, "matches the organization's deny list");
  const plate = findings.some((f) => f.type === "ID" && f.subtype === "plate");
  if (plate && (anyTied || patientStatus())) raise(2, "ties a vehicle plate to a patient");

  const personalDate = findings.some((f) => f.type === "DATE" && f.personal);
  const age = findings.some((f) => f.type === "AGE");
  const location = findings.some((f) => f.type === "LOCATION" && f.personal);
  const photo = findings.some((f) => f.type === "PHOTO_REF");

  if (names.length > 0 && strongTied) {
    if ((kind === "post" || kind === "reply") && consent()) raise(1, "a named patient story: allowed only with a signed authorization on file");
    else raise(2, "names a patient together with health information");
  } else if (names.length > 0 && (anyTied || personalDate || age || location || photo || patientStatus())) {
    const detail = personalDate ? "a date of care or birth" : age ? "an age over 89" : location ? "where they are" : anyTied ? "health information" : "their patient status";
    if (strongNames.length > 0 && !(kind === "post" && consent())) raise(2, `names a patient together with ${detail}`);
    else raise(1, `mentions a patient by first name with ${detail}`);
  }

  if (strongTied) {
    if (kind === "comment" && (textAnchors.self || textAnchors.kin)) {
      raise(2, textAnchors.self ? "a commenter discloses their own health information" : "a commenter discloses a relative's health information");
    } else if (kind === "comment") raise(1, "a comment describes someone's health");
    else if (kind === "group_post") {
      if (textAnchors.location || textAnchors.name || textAnchors.kin) raise(2, "staff discuss an identifiable patient's health");
      else raise(1, "staff discuss a patient's health");
    } else if (kind === "reply") raise(1, "an org reply engages publicly with someone's health details");
    else raise(1, "describes an identifiable patient's health");
  } else if (anyTied) {
    if (kind === "reply") raise(1, "an org reply engages publicly with someone's health details");
    else if (kind === "comment" && (textAnchors.self || textAnchors.kin)) raise(1, "a commenter mentions their own or a relative's care");
    else if (kind === "group_post" && (textAnchors.describedPatient || textAnchors.location)) raise(1, "staff discuss a patient");
    else if (kind === "post" && textAnchors.describedPatient) raise(1, "describes a patient's care");
  }

  if (location && (anyTied || textAnchors.describedPatient || names.length > 0 || patientStatus())) {
    raise(kind === "post" || kind === "reply" ? 1 : 2, "locates a patient (room, bed or address)");
  }
  if (age && (anyTied || patientStatus())) raise(1, "mentions a patient over 89");
  if (personalDate && (anyTied || textAnchors.kin || textAnchors.self)) raise(1, "gives a date of someone's care");
  if (photo && (anyTied || names.length > 0 || patientStatus())) raise(1, "says a photo shows a patient");
  if (kind === "reply" && names.some((f) => f.role === "patient")) raise(1, "an org reply names a patient or relative");
  // A reply answers one commenter: a specific health term plus "healing", "recovering"… is their care.
  if (kind === "reply" && health.some((f) => f.subtype !== "weak") && patientStatus()) raise(1, "an org reply engages publicly with someone's health details");
  if (kind === "reply" && textAnchors.addressee && textAnchors.kin && patientStatus()) raise(1, "an org reply discusses a relative's care");
  if (kind === "comment" && textAnchors.self && patientStatus() && /\b(my|i had|i was) (first )?(appointment|appt|visit|stay|surgery|procedure|admission)\b/.test(context.lower)) {
    raise(1, "a commenter mentions their own care");
  }
  if (kind === "group_post" && textAnchors.describedPatient && /\b(came in|brought in|admitted|had|with) /.test(context.lower) && health.length === 0 && /\b(the|a) (guy|lady|man|woman|kid|pt|patient)\b.{0,60}\b(came in|brought in|admitted)\b/.test(context.lower)) {
    raise(1, "staff discuss a patient");
  }

  return { verdict: level === 2 ? "block" : level === 1 ? "review" : "allow", reasons, tiedHealth };
}

function mergeAnchors(anchors: Map<number, SentenceAnchors>): SentenceAnchors {
  const merged: SentenceAnchors = { name: false, kin: false, self: false, describedPatient: false, pronoun: false, addressee: false, location: false, generic: false, publicFigure: false };
  for (const entry of anchors.values()) {
    merged.name ||= entry.name;
    merged.kin ||= entry.kin;
    merged.self ||= entry.self;
    merged.describedPatient ||= entry.describedPatient;
    merged.pronoun ||= entry.pronoun;
    merged.addressee ||= entry.addressee;
    merged.location ||= entry.location;
    merged.generic ||= entry.generic;
    merged.publicFigure ||= entry.publicFigure;
  }
  return merged;
}

const PATIENT_STATUS_RE = /\b(went home|sent home|home from the hospital|in our care|rest easy|rest in peace|final days|last days|care for (him|her|you)|feeling better|went well|our regulars|one of our regulars|came in for|stay with us|took care of)\b/;

function hasPatientStatus(context: ScanContext): boolean {
  for (const token of context.tokens) if ((token.cue & CUE.PATIENT_STATUS) !== 0) return true;
  return PATIENT_STATUS_RE.test(context.lower);
}

// CONSENT_PHRASES grouped by first word: one pass over the tokens instead of one per phrase.
const CONSENT_BY_FIRST_WORD = new Map<string, string[][]>();
for (const phrase of CONSENT_PHRASES) {
  const first = phrase[0] ?? "";
  CONSENT_BY_FIRST_WORD.set(first, [...(CONSENT_BY_FIRST_WORD.get(first) ?? []), phrase]);
}

function hasConsent(context: ScanContext): boolean {
  const { tokens } = context;
  for (let index = 0; index < tokens.length; index++) {
    const phrases = CONSENT_BY_FIRST_WORD.get(tokens[index]?.lower ?? "");
    if (!phrases) continue;
    for (const phrase of phrases) {
      if (index + phrase.length > tokens.length) continue;
      let offset = 1;
      while (offset < phrase.length && tokens[index + offset]?.lower === phrase[offset]) offset++;
      if (offset === phrase.length) return true;
    }
  }
  return false;
}
