// PHOTO_REF: text saying that an attached photo shows an identifiable patient.
import { makeCandidate, type Candidate, type ScanContext } from "../candidate.js";

const PHOTO_RE =
  /\bpictured(?: here)?(?: with [^:.!?\n]{1,40})?:|\b(?:that's|thats|this is|that is|here's|heres) (?:my|her|him|his|our|me and my|me & my) [\p{L} ]{1,30}? in (?:the|this) (?:pic|photo|picture|video|pics)\b|\b(?:that's|thats) (?:her|him) in the (?:photo|pic|picture)\b|\b(?:patient|pt)s? in (?:the|this) (?:photo|pic|picture|video)\b|\b(?:in|see) (?:the|this) (?:photo|pic|picture)\b|\b(?:his|her|their) before (?:&|and) after\b/giu;

// Every PHOTO_RE alternative contains one of these (lowercase). The u+i flags also fold the long
// "ſ" into "s" (PHOTO_RE has no "k", the other ASCII fold), so a text with "ſ" always goes to the regex.
const PHOTO_TRIGGER_RE = /pictured|the pic|this pic|the photo|this photo|the video|this video|before &|before and|ſ/;

export function recognizePhotoRefs(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  const lower = context.lower;
  if (!PHOTO_TRIGGER_RE.test(lower)) return found;
  for (const match of context.text.matchAll(PHOTO_RE)) {
    found.push(makeCandidate(context, "PHOTO_REF", match.index, match.index + match[0].length, {
      score: 0.6, recognizer: "photo.caption", explanation: "says an attached photo shows the person", personal: true, subtype: "photo",
    }));
  }
  return found;
}
