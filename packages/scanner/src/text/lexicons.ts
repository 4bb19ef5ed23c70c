// Loads the compact lexicons in ../../data once per process (or page) and answers look-ups.
// The only module-level state of the scanner lives here, and it is read-only after loading.
import namesData from "../../data/names.json" with { type: "json" };
import healthData from "../../data/health.json" with { type: "json" };
import { tokenize } from "./tokenize.js";

export type HealthCategory = "condition" | "procedure" | "medication" | "setting" | "symptom";

export interface HealthEntry {
  words: string[];
  category: HealthCategory;
  /** Weak terms ("treatment", "sick") only count when tied to a specific person. */
  weak: boolean;
}

export interface Lexicons {
  /**
   * Everything the name lists know about a lowercase word in one look-up, packed:
   * bits 0–1 = nameKind, bit 2 = wordy name, bits 3+ = commonRank. Read it with the helpers below.
   */
  wordInfo(lower: string): number;
  /** 1 = known given name, 2 = other name part (mostly surnames), 0 = unknown. */
  nameKind(lower: string): 0 | 1 | 2;
  /** A name that is also an everyday English word ("hope", "will", "main"). */
  isWordyName(lower: string): boolean;
  /** Rank among the 10k most frequent English words, or 0 when not among them. */
  commonRank(lower: string): number;
  /** Health phrases keyed by their first word, longest first. */
  healthByFirstWord: Map<string, HealthEntry[]>;
  /** Phonetic keys of single-word health terms, for misspellings ("newmonia"). */
  healthByPhoneticKey: Map<string, HealthEntry>;
}

const HEALTH_CATEGORIES: HealthCategory[] = ["condition", "procedure", "medication", "setting", "symptom"];

// Vague on their own ("my treatment" is health, "a treatment option" is not), so they need a person.
const WEAK_TERMS = new Set([
  "therapy", "treatment", "treatments", "medication", "medications", "meds", "prescription", "prescriptions", "refill", "refills",
  "delivery", "admitted", "readmitted", "discharged", "transferred", "injury", "injuries", "injured", "sick", "illness", "fever",
  "cough", "coughing", "swelling", "swollen", "weakness", "fatigue", "bleeding", "confused", "confusion", "flu", "vaccine",
  "vaccinated", "booster", "immunization", "injection", "injections", "induction", "induced", "reaction", "stabilized", "infection",
  "infections", "rash", "allergy", "allergies", "thyroid", "blood pressure", "stitches", "sutures", "implant", "braces", "whitening",
  "cpr", "code blue", "ct", "mri", "ultrasound", "x-ray", "xray", "x-rays", "iv", "catheter", "anesthesia", "sedation", "sedated",
  "frail", "premature", "preterm", "pregnant", "pregnancy", "postpartum", "rehab", "palliative care", "step-down", "stepdown",
  "terminal", "wound", "wounds", "dehydrated", "dehydration", "hospitalized", "intoxicated", "headache", "headaches", "nausea",
  "vomiting", "dizzy", "dizziness", "pain meds", "painkillers", "aspirin", "tylenol", "ibuprofen", "motrin", "advil", "aleve",
  "melatonin", "benadryl", "zyrtec", "claritin", "flonase", "eye drops", "ear drops", "surgery", "surgeries", "operation",
  "transplant", "cancer", "crash", "car accident", "car crash", "stroke", "strokes", "autism", "depression", "anxiety",
]);

export const kindOf = (info: number): 0 | 1 | 2 => (info & 3) as 0 | 1 | 2;
export const isWordy = (info: number): boolean => (info & 4) !== 0;
export const rankOf = (info: number): number => info >>> 3;

let cached: Lexicons | undefined;

export function getLexicons(): Lexicons {
  cached ??= buildLexicons();
  return cached;
}

function buildLexicons(): Lexicons {
  const given = new Set(namesData.given.split("\n"));
  const other = new Set(namesData.other.split("\n"));
  const wordy = new Set(namesData.wordy.split("\n"));
  const common = new Map<string, number>();
  namesData.common.split("\n").forEach((word, index) => { if (!common.has(word)) common.set(word, index + 1); });

  // One map instead of three sets: the scanner asks all three questions about most words.
  const info = new Map<string, number>();
  const pack = (word: string, bits: number): void => { info.set(word, (info.get(word) ?? 0) | bits); };
  for (const word of other) pack(word, 2);
  for (const word of given) info.set(word, ((info.get(word) ?? 0) & ~3) | 1);
  for (const word of wordy) pack(word, 4);
  for (const [word, rank] of common) pack(word, rank << 3);

  const healthByFirstWord = new Map<string, HealthEntry[]>();
  const healthByPhoneticKey = new Map<string, HealthEntry>();
  const data = healthData as unknown as Record<string, string[] | undefined>;
  for (const category of HEALTH_CATEGORIES) {
    for (const term of data[category] ?? []) {
      const words = splitTermWords(term);
      const head = words[0];
      if (!head) continue;
      const entry: HealthEntry = { words, category, weak: WEAK_TERMS.has(term) };
      const list = healthByFirstWord.get(head) ?? [];
      list.push(entry);
      healthByFirstWord.set(head, list);
      if (words.length === 1 && head.length >= 6 && !entry.weak) {
        const key = phoneticKey(head);
        if (!healthByPhoneticKey.has(key)) healthByPhoneticKey.set(key, entry);
        for (const variant of deletionVariants(key)) if (!healthByPhoneticKey.has(variant)) healthByPhoneticKey.set(variant, entry);
      }
    }
  }
  for (const list of healthByFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

  const wordInfo = (lower: string): number => info.get(lower) ?? 0;
  return {
    wordInfo,
    nameKind: (lower) => kindOf(wordInfo(lower)),
    isWordyName: (lower) => isWordy(wordInfo(lower)),
    commonRank: (lower) => rankOf(wordInfo(lower)),
    healthByFirstWord,
    healthByPhoneticKey,
  };
}

/** Splits a lexicon term the way the tokenizer splits text ("c-section" stays whole, "1:1 sitter" → 2). */
export function splitTermWords(term: string): string[] {
  return tokenize(term).map((token) => token.lower);
}

/**
 * A rough phonetic key so that common social-media misspellings of medical words collide with the
 * real spelling ("newmonia" / "pneumonia", "diabetis" / "diabetes").
 */
export function phoneticKey(word: string): string {
  return word
    .replace(/[^a-z]/g, "")
    .replace(/^pn/, "n")
    .replace(/^ps/, "s")
    .replace(/ph/g, "f")
    .replace(/(ew|eu|oo|ou)/g, "u")
    .replace(/ck/g, "k")
    .replace(/c(?=[eiy])/g, "s")
    .replace(/c/g, "k")
    .replace(/[yi]/g, "i")
    .replace(/(.)\1+/g, "$1")
    .replace(/[aeiou]+$/, "");
}

export function deletionVariants(key: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < key.length; i++) variants.push(key.slice(0, i) + key.slice(i + 1));
  return variants;
}
