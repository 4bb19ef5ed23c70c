// AGE: ages over 89 ("101st birthday", "93-year-old", "104 years young", "she's 96").
import { makeCandidate, windowBefore, type Candidate, type ScanContext } from "../candidate.js";
import { digitFacts } from "../digits.js";

const AGE_RE =
  /\b(\d{2,3})(?:st|nd|rd|th) (?:birthday|bday|b-day)\b|\b(\d{2,3})\+?[- ]years?[- ]old\b|\b(\d{2,3})\+? years? (?:young|old)\b|\b(\d{2,3})[- ]?(?:y\/?o|yo|yrs? old)\b|\b(?:turned|turns|turning|is|she's|he's|shes|hes|aged?|at age|age of) (\d{2,3})\b(?! ?(?:%|percent|minutes|min|hours|days|weeks|months|beds?|years (?:of|at|ago)|patients|people|staff))/gi;

const NOT_A_PERSON_BEFORE = /\b(hospital|clinic|center|practice|company|we|foundation|program|building|wing|event|anniversary|it|this|that)\s+$/;

export function recognizeAges(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  // Every alternative captures a whole 2–3 digit number, and only 90–125 is kept.
  if (!digitFacts(context).ageLike) return found;
  for (const match of context.text.matchAll(AGE_RE)) {
    const digits = match.slice(1).find((group) => group !== undefined);
    if (!digits) continue;
    const age = Number(digits);
    if (age < 90 || age > 125) continue;
    if (NOT_A_PERSON_BEFORE.test(windowBefore(context, match.index + 1, 30))) continue;
    const start = match.index + match[0].indexOf(digits);
    const spansWholePhrase = /birthday|year|young|y\/?o|yrs/i.test(match[0]);
    const end = spansWholePhrase ? match.index + match[0].length : start + digits.length;
    found.push(makeCandidate(context, "AGE", start, end, {
      score: 0.85,
      recognizer: "age.over89",
      explanation: "an age over 89, which HIPAA treats as an identifier",
      personal: true,
      subtype: "age",
    }));
  }
  return found;
}
