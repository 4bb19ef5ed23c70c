// HEALTH: conditions, procedures, treatments, medications, symptoms and condition-revealing care
// settings, from the lexicon (phrases, plurals, misspellings) plus recovery patterns ("30 days clean").
import { kindOf, mayStartHealthTerm, phoneticEntry, phoneticKey, rankOf, tokenInfo, type HealthEntry } from "../lexicons.js";
import { makeCandidate, type Candidate, type ScanContext } from "../candidate.js";
import type { Token } from "../tokenize.js";

// A health word followed by one of these names a department, a team or equipment, not a person's
// condition ("sepsis team", "MRI machine", "ICU break room", "cardiac rehab program").
const DEPARTMENT_NOUNS = new Set([
  "team", "teams", "crew", "staff", "department", "dept", "program", "programs", "clinic", "clinics", "machine", "machines",
  "scanner", "break", "awareness", "month", "week", "day", "residency", "fellowship", "class", "classes", "fair", "screening",
  "screenings", "specialists", "specialist", "services", "service", "center", "centre", "institute", "research", "study",
  "studies", "rates", "rate", "mortality", "outcomes", "season", "supplies", "shortage", "lounge", "conference", "training",
  "certification", "education", "educator", "coordinator", "navigator", "nurses", "physicians", "doctors", "providers",
  "volunteers", "gala", "walk", "run", "5k", "fundraiser", "garden", "wing", "floor", "survivors", "roles", "jobs", "modules", "testing", "site", "sites", "cases", "vaccines", "hotline", "lifeline", "guidelines",
]);
// ... and these before it make it generic ("national stroke month", "our cancer center").
const GENERIC_BEFORE = new Set(["national", "world", "prevent", "preventing", "prevention", "about", "signs", "symptoms"]);
const SHORT_LOWERCASE_OK = new Set(["icu", "nicu", "picu", "flu", "ivf", "uti", "tbi", "dka", "ccu", "ect", "hiv", "std"]);
const RECOVERY_RE =
  /\b(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\+? (?:days?|weeks?|months?|years?|yrs?) (?:sober|clean|in recovery|without a drink|free of|cancer[- ]free|seizure[- ]free)\b|\b(?:sober|clean) (?:for )?(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (?:days?|weeks?|months?|years?)\b|\b(?:lost|dropped) \d{2,3} ?(?:lbs?|pounds)\b|\bborn at (?:just )?\d{2} weeks\b|\b\d{1,2} ?lbs? \d{1,2} ?oz\b/gi;

// Every RECOVERY_RE alternative contains one of these literals; texts without any skip the regex.
// (One alternation of literals is a single fast pass, cheaper than RECOVERY_RE or nine includes().)
const RECOVERY_TRIGGER_RE = /sober|clean|recovery|drink|free|lost|dropped|born at|lb/;

interface HealthMatch {
  entry: HealthEntry;
  first: number;
  last: number;
}

export function recognizeHealth(context: ScanContext): Candidate[] {
  const { tokens, lexicons } = context;
  const found: Candidate[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token || (token.kind !== "word" && token.kind !== "number")) continue;
    const match = matchAt(context, index) ?? fuzzyMatchAt(context, index);
    if (!match) continue;
    index = match.last;
    const first = tokens[match.first];
    const last = tokens[match.last];
    if (!first || !last || isDepartmentUse(tokens, match)) continue;
    found.push(makeCandidate(context, "HEALTH", first.start, last.end, {
      score: match.entry.weak ? 0.5 : 0.85,
      recognizer: `health.${match.entry.category}`,
      explanation: describe(match.entry),
      subtype: match.entry.weak ? "weak" : match.entry.category,
    }));
  }
  const recovery = RECOVERY_TRIGGER_RE.test(context.lower);
  for (const match of recovery ? context.text.matchAll(RECOVERY_RE) : []) {
    found.push(makeCandidate(context, "HEALTH", match.index, match.index + match[0].length, {
      score: 0.8, recognizer: "health.recovery", explanation: "a recovery or birth milestone that reveals a condition", subtype: "condition",
    }));
  }
  void lexicons;
  return found;
}

function matchAt(context: ScanContext, index: number): HealthMatch | undefined {
  const { tokens, lexicons } = context;
  const token = tokens[index];
  if (!token) return undefined;
  const head = normalizeWord(token.lower);
  // Most tokens: the packed name-list facts (usually already looked up) say no health term starts here.
  if (head === token.base && !mayStartHealthTerm(tokenInfo(lexicons, token))) return undefined;
  // singular() only changes words ending in "s"; others need one look-up.
  const candidates = lexicons.healthByFirstWord.get(head) ?? (head.endsWith("s") ? lexicons.healthByFirstWord.get(singular(head)) : undefined);
  if (!candidates) return undefined;
  for (const entry of candidates) {
    if (entry.words.length === 1) {
      if (!shortTermAllowed(token, entry)) continue;
      return { entry, first: index, last: index };
    }
    let ok = true;
    let last = index;
    for (let offset = 1; offset < entry.words.length; offset++) {
      const next = tokens[index + offset];
      const want = entry.words[offset];
      if (!next || next.sentence !== token.sentence || want === undefined) { ok = false; break; }
      const got = normalizeWord(next.lower);
      const isLast = offset === entry.words.length - 1;
      if (got !== want && !(isLast && singular(got) === want)) { ok = false; break; }
      last = index + offset;
    }
    if (ok) return { entry, first: index, last };
  }
  return undefined;
}

function fuzzyMatchAt(context: ScanContext, index: number): HealthMatch | undefined {
  const { tokens, lexicons } = context;
  const token = tokens[index];
  if (!token || token.kind !== "word" || token.lower.length < 6 || token.capitalized) return undefined;
  const word = normalizeWord(token.lower);
  const info = word === token.base ? tokenInfo(lexicons, token) : lexicons.wordInfo(word);
  if (rankOf(info) > 0 || kindOf(info) !== 0) return undefined;
  const key = phoneticKey(word);
  if (key.length < 5) return undefined;
  const entry = phoneticEntry(lexicons, key);
  return entry ? { entry, first: index, last: index } : undefined;
}

function shortTermAllowed(token: Token, entry: HealthEntry): boolean {
  const term = entry.words[0] ?? "";
  if (term.length > 3) return true;
  // Short acronyms ("MS", "OD", "CT") collide with words unless written in capitals.
  return SHORT_LOWERCASE_OK.has(term) || token.text === token.text.toUpperCase();
}

function isDepartmentUse(tokens: Token[], match: HealthMatch): boolean {
  const next = tokens[match.last + 1];
  const previous = tokens[match.first - 1];
  if (next && next.kind === "word" && DEPARTMENT_NOUNS.has(next.lower)) return true;
  if (next && next.kind === "word" && next.lower === "and") {
    const after = tokens[match.last + 3];
    if (after && DEPARTMENT_NOUNS.has(after.lower)) return true;
  }
  return !!previous && GENERIC_BEFORE.has(previous.lower);
}

const CURLY_APOSTROPHE_RE = /’/g;
const normalizeWord = (word: string): string => (word.includes("’") ? word.replace(CURLY_APOSTROPHE_RE, "'") : word);
const singular = (word: string): string =>
  word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("es") && word.length > 4 ? word.slice(0, -2) : word.endsWith("s") ? word.slice(0, -1) : word;

function describe(entry: HealthEntry): string {
  switch (entry.category) {
    case "condition": return "a condition or diagnosis";
    case "procedure": return "a procedure, test or treatment";
    case "medication": return "a medication";
    case "setting": return "a care setting that reveals a condition";
    default: return "a symptom";
  }
}
