// LOCATION: street addresses, room/bed/bay numbers, ZIP codes and towns tied to a patient.
// Conference rooms, the org's own address and event venues are left alone.
import { makeCandidate, windowAfter, windowBefore, type Candidate, type ScanContext } from "../candidate.js";
import { digitFacts } from "../digits.js";

const STREET_SUFFIXES = ["St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Boulevard", "Dr", "Drive", "Ln", "Lane", "Way", "Ct", "Court", "Pl", "Place", "Cir", "Circle", "Pkwy", "Parkway", "Hwy", "Highway", "Ter", "Terrace", "Trl", "Trail"];
const STREET_SUFFIX_SET = new Set(STREET_SUFFIXES);
const STREET_SUFFIX_INITIALS = [...new Set(STREET_SUFFIXES.map((suffix) => suffix.charAt(0)))].join("");
const LEADING_LETTERS_RE = /^[A-Za-z]+/;
const STREET_SUFFIX = `(?:${STREET_SUFFIXES.join("|")})`;
const ADDRESS_RE = new RegExp(
  `\\b\\d{1,6} (?:[NSEW]\\.? )?(?:[A-Z0-9][\\p{L}'-]{0,30} ){1,3}${STREET_SUFFIX}\\b\\.?(?: ?(?:#|Apt\\.?|Unit|Suite|Ste\\.?) ?[A-Za-z0-9-]{1,6})?`,
  "gu",
);
const ROOM_RE =
  /\b(?:room|rm\.?|bed|bay|bed space|stretcher|trauma|ed|er|exam room|isolation room|nicu bed|picu bed|icu bed)\s?#?\s?(\d{1,4}[A-Za-z]?)\b(?![/\d])|\b(\d{1,2}\s?(?:north|south|east|west|[nsew]))\b,?\s(?:bed|room)\s(\d{1,3})\b/gi;
// "the pt in 14", "Mrs. Pham in 3112", "the guy in 7B": a bare number right after a person.
const PERSON_IN_NUMBER_RE =
  /\b(?:pt|patient|guy|lady|man|woman|kid|baby|gentleman|mr\.? [a-z'-]+|mrs\.? [a-z'-]+|ms\.? [a-z'-]+|miss [a-z'-]+)\s(?:\([^)]{0,40}\)\s)?in\s(\d{1,4}[a-z]?)\b/gi;
const ZIP_RE = /(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])/g;
const TOWN_RE =
  /\b(?:\d{1,3}-year-old|patient|veteran|grandfather|grandmother|grandpa|grandma|man|woman|boy|girl|teen|mom|dad|resident|pastor|teacher|farmer|student|senior|couple|family|guy|lady|gentleman|kid|client)\b[^.!?\n]{0,30}?\bfrom ((?:[A-Z][a-z]{2,20})(?: [A-Z][a-z]{2,20})?)\b/g;

const EVENT_ROOM_CUES = /\b(conference|class|classes|meeting|meets|chapel|classroom|training|service|services|held|workshop|session|potluck|shower|party|lunch|break room|board room|sign up|blood drive|main building)\b/;
const PERSONAL_ADDRESS_CUES = /\b(lives?|living|house|home|address|staying|apartment|apt|my|his|her|their|mom|dad)\b/;
const ORG_WORD_AFTER = /^\s(?:hospital|clinic|medical|health|county|high|elementary|school|news|channel|center|pharmacy|urgent|family)\b/i;

export function recognizeLocations(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  const { text, kind } = context;
  const fromPublic = kind === "comment" || kind === "group_post";
  const digits = digitFacts(context);
  const hasDigit = digits.count > 0;

  for (const match of hasDigit && hasStreetSuffix(context) ? text.matchAll(ADDRESS_RE) : []) {
    const before = windowBefore(context, match.index, 40);
    const orgCue = /\b(our|visit|located|office|drive-thru|clinic|campus|pharmacy|location)\b/.test(before);
    if (orgCue || (!fromPublic && !PERSONAL_ADDRESS_CUES.test(before))) continue;
    found.push(makeCandidate(context, "LOCATION", match.index, match.index + match[0].length, {
      score: 0.9, recognizer: "location.address", explanation: "a street address of an individual", personal: true, subtype: "address",
    }));
  }

  for (const match of digits.afterRoomWord ? text.matchAll(ROOM_RE) : []) {
    const around = `${windowBefore(context, match.index, 50)} ${windowAfter(context, match.index, 70)}`;
    if (EVENT_ROOM_CUES.test(around) || /^\s+of the\b/.test(windowAfter(context, match.index + match[0].length, 10))) continue;
    found.push(makeCandidate(context, "LOCATION", match.index, match.index + match[0].length, {
      score: 0.8, recognizer: "location.room", explanation: "a room or bed number that locates a patient", personal: true, subtype: "room",
    }));
  }

  for (const match of digits.afterIn ? text.matchAll(PERSON_IN_NUMBER_RE) : []) {
    const value = match[1] ?? "";
    const start = match.index + match[0].length - value.length;
    found.push(makeCandidate(context, "LOCATION", start, start + value.length, {
      score: 0.7, recognizer: "location.room", explanation: "a room number that locates a patient", personal: true, subtype: "room",
    }));
  }

  for (const match of digits.fiveDigits ? text.matchAll(ZIP_RE) : []) {
    const before = windowBefore(context, match.index, 30);
    if (!/\b(live|lives|living|live in|address|zip code is|my zip|zip is|moved to|reside)\b/.test(before)) continue;
    found.push(makeCandidate(context, "LOCATION", match.index, match.index + match[0].length, {
      score: 0.85, recognizer: "location.zip", explanation: "a ZIP code of an individual", personal: true, subtype: "zip",
    }));
  }

  for (const match of context.lower.includes("from ") ? text.matchAll(TOWN_RE) : []) {
    const town = match[1] ?? "";
    const start = match.index + match[0].length - town.length;
    if (ORG_WORD_AFTER.test(text.slice(start + town.length, start + town.length + 14))) continue;
    if (/^(Channel|The|Our|Your|Home|Work|School|Church)$/.test(town.split(" ")[0] ?? "")) continue;
    found.push(makeCandidate(context, "LOCATION", start, start + town.length, {
      score: 0.6, recognizer: "location.town", explanation: "the home town of a described patient", personal: true, subtype: "town",
    }));
  }
  return found;
}

/** ADDRESS_RE ends in a street suffix that starts a token ("Oak St.", "Elm Drive"): skip it when none does. */
function hasStreetSuffix(context: ScanContext): boolean {
  for (const token of context.tokens) {
    // Every suffix is capitalized ASCII: most tokens fail on their first character.
    if (!STREET_SUFFIX_INITIALS.includes(token.text.charAt(0))) continue;
    const letters = LEADING_LETTERS_RE.exec(token.text)?.[0];
    if (letters && STREET_SUFFIX_SET.has(letters)) return true;
  }
  return false;
}
