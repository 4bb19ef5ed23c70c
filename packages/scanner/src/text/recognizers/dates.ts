// DATE: day-level dates (3/14, March 14th, the 14th, DOB) tied to one person's care or birth.
// Event dates (a class, a closure, a sale) are not PHI, so each hit is scored on its neighbourhood.
import { makeCandidate, windowAfter, windowBefore, type Candidate, type ScanContext } from "../candidate.js";
import { digitFacts } from "../digits.js";

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DATE_RE = new RegExp(
  [
    "(?<![\\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01])(?:/(?:19|20)?\\d{2})?(?![\\d/])",
    `\\b${MONTH} (?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?\\b(?:,? (?:19|20)\\d{2})?`,
    `\\b(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)? (?:of )?${MONTH}(?![a-z])`,
    "\\bthe (?:[12]?1st|[12]?2nd|[12]?3rd|(?:[12]?[4-9]|1[0-9]|20|30)th|31st)\\b",
  ].join("|"),
  "gi",
);

const PERSONAL_CUES =
  /\b(born|birth|dob|d\.o\.b|birthday|admit|admitted|admission|discharg|surgery|procedure|operation|passed|died|death|appointment|appt|follow-?up|seen|visit|scheduled for|transplant|biopsy|delivered|due date|put in|implanted|fill|filled|since|on|her|his|my|pt|mammogram|scan|stroke|accident|er |ed )/;
const EVENT_CUES =
  /\b(class|classes|event|fair|ceremony|closed|close|closing|open|opens|reopen|hours|gala|drive|service|training|deadline|due by|sale|session|clinic|meeting|walk|5k|registration|register|sign up|save the date|through|until|starting|begins|screening|screenings|holiday|lighting|workshop|webinar|celebration|party|vaccines|shots|flu|booking|modules|potluck)\b/;

export function recognizeDates(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  if (digitFacts(context).count === 0) return found;
  for (const match of context.text.matchAll(DATE_RE)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = windowBefore(context, start, 45);
    const after = windowAfter(context, end, 25);
    const near = `${before} ${after}`;
    // "10/10", "8/10": a rating unless something date-like precedes it.
    if (/^\d{1,2}\/10$/.test(match[0]) && !/\b(on|since|dob|born|of|from)\s*$/.test(before)) continue;
    const dob = /\b(dob|d\.o\.b|date of birth|born)\b/.test(before);
    const event = EVENT_CUES.test(near);
    const personal = dob || (!event && PERSONAL_CUES.test(near));
    if (!personal) continue;
    found.push(makeCandidate(context, "DATE", start, end, {
      score: dob ? 0.95 : 0.7,
      recognizer: dob ? "date.birth" : "date.care",
      explanation: dob ? "a date of birth" : "a date tied to someone's care",
      personal: true,
      subtype: dob ? "dob" : "care",
    }));
  }
  return found;
}
