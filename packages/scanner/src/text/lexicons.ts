// Loads the compact lexicons in ../../data once per process (or page) and answers look-ups.
// The only module-level state of the scanner lives here, and it is read-only after loading.
import namesData from "../../data/names.json" with { type: "json" };
import healthData from "../../data/health.json" with { type: "json" };
import vocabData from "../../data/vocab.json" with { type: "json" };
import { tokenize, type Token } from "./tokenize.js";

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
   * bits 0–1 = nameKind, bit 2 = wordy name, bit 3 = may start a health term (see mayStartHealthTerm),
   * bits 4–19 = commonRank, bits 20–22 = the learned model's broad vocabularies (see vocabOf).
   * Read it with the helpers below.
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
  /** One-hash Bloom filter over healthByPhoneticKey's keys (see phoneticEntry). */
  phoneticFilter: Uint32Array;
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

const VOCAB_SHIFT = 20;

export const kindOf = (info: number): 0 | 1 | 2 => (info & 3) as 0 | 1 | 2;
export const isWordy = (info: number): boolean => (info & 4) !== 0;
/** False means neither the word nor its singular starts a health term, so no health look-up is needed. */
export const mayStartHealthTerm = (info: number): boolean => (info & 8) !== 0;
export const rankOf = (info: number): number => (info >>> 4) & 0xffff;
/** VOCAB_* bits (model/vocab.ts): the medical, ordinary and proper-noun word lists. */
export const vocabOf = (info: number): number => (info >>> VOCAB_SHIFT) & 7;

/** wordInfo of a token's base, memoized on the token (scanners ask several times per token). */
export function tokenInfo(lexicons: Lexicons, token: Token): number {
  if (token.info < 0) token.info = lexicons.wordInfo(token.base);
  return token.info;
}

let cached: Lexicons | undefined;

/**
 * The word-info map as an open-addressing table keyed by FNV-1a: one look-up per word of every text,
 * ~130,000 words. A plain Map.get was a tenth of the scan time (benchmark: 2–4% faster this way,
 * same answers).
 */
function wordTable(info: Map<string, number>): (lower: string) => number {
  const mask = 2 ** Math.ceil(Math.log2(info.size * 2 + 1)) - 1;
  const keys: (string | undefined)[] = new Array<string | undefined>(mask + 1).fill(undefined);
  const values = new Int32Array(mask + 1);
  const slotOf = (word: string): number => {
    const hash = fnv(word, 0, word.length, FNV_OFFSET);
    return (hash ^ (hash >>> 15)) & mask;
  };
  for (const [word, bits] of info) {
    let slot = slotOf(word);
    while (keys[slot] !== undefined) slot = (slot + 1) & mask;
    keys[slot] = word;
    values[slot] = bits;
  }
  return (lower) => {
    for (let slot = slotOf(lower); ; slot = (slot + 1) & mask) {
      const key = keys[slot];
      if (key === undefined) return 0;
      if (key === lower) return values[slot]!;
    }
  };
}

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
  for (const [word, rank] of common) pack(word, rank << 4);
  // The model's vocabularies share the map: a token's one memoized look-up (tokenInfo) answers both.
  const vocabLists: [string, number][] = [[vocabData.medical, 1], [vocabData.ordinary, 2], [vocabData.proper, 4]];
  for (const [list, bit] of vocabLists) for (const word of list.split("\n")) pack(word, bit << VOCAB_SHIFT);

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
  // Every word whose singular (health.ts) could be a head: the head itself, +s, +es, y → ies.
  for (const head of healthByFirstWord.keys()) {
    for (const form of [head, `${head}s`, `${head}es`, `${head.slice(0, -1)}ies`]) pack(form, 8);
  }

  const phoneticFilter = new Uint32Array(PHONETIC_FILTER_BITS >>> 5);
  for (const key of healthByPhoneticKey.keys()) {
    const bit = fnv(key, 0, key.length, FNV_OFFSET) & (PHONETIC_FILTER_BITS - 1);
    phoneticFilter[bit >>> 5]! |= 1 << (bit & 31);
  }

  const wordInfo = wordTable(info);
  return {
    wordInfo,
    nameKind: (lower) => kindOf(wordInfo(lower)),
    isWordyName: (lower) => isWordy(wordInfo(lower)),
    commonRank: (lower) => rankOf(wordInfo(lower)),
    healthByFirstWord,
    healthByPhoneticKey,
    phoneticFilter,
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
  // Rules, applied in this order (each as a left-to-right rewrite of the previous result):
  // keep a-z; ^pn → n; ^ps → s; ph → f; ew|eu|oo|ou → u; ck → k; c before e/i/y → s; c → k; y → i;
  // runs of one letter → one; trailing vowels dropped. Done on char codes: this runs on every
  // unfamiliar lowercase word, where a chain of regex replaces cost more than the rest of the scan.
  let letters: number[] = [];
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 97 && code <= 122) letters.push(code);
  }
  if (letters[0] === 112 /* p */ && (letters[1] === 110 /* n */ || letters[1] === 115 /* s */)) letters.shift();
  letters = rewritePairs(letters, (a, b) => (a === 112 && b === 104 ? 102 : 0)); // ph → f
  letters = rewritePairs(letters, (a, b) => ((a === 101 && (b === 119 || b === 117)) || (a === 111 && (b === 111 || b === 117)) ? 117 : 0)); // ew eu oo ou → u
  letters = rewritePairs(letters, (a, b) => (a === 99 && b === 107 ? 107 : 0)); // ck → k
  let key = "";
  let previous = -1;
  for (let i = 0; i < letters.length; i++) {
    let code = letters[i] ?? 0;
    if (code === 99 /* c */) {
      const next = letters[i + 1];
      code = next === 101 || next === 105 || next === 121 ? 115 : 107;
    } else if (code === 121 /* y */) code = 105;
    if (code !== previous) key += String.fromCharCode(code);
    previous = code;
  }
  let end = key.length;
  while (end > 0 && "aeiou".includes(key.charAt(end - 1))) end--;
  return key.slice(0, end);
}

/** Left-to-right, non-overlapping rewrite of two-letter pairs into one letter (0 = no rewrite). */
function rewritePairs(letters: number[], pair: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < letters.length; i++) {
    const a = letters[i] ?? 0;
    const replacement = i + 1 < letters.length ? pair(a, letters[i + 1] ?? 0) : 0;
    if (replacement !== 0) { out.push(replacement); i++; } else out.push(a);
  }
  return out;
}

const PHONETIC_FILTER_BITS = 1 << 16;
const FNV_OFFSET = 2166136261 | 0;

/** FNV-1a of value[start, end) continued from `hash` (int32). */
function fnv(value: string, start: number, end: number, hash: number): number {
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 16777619);
  return hash;
}

/**
 * The health term whose phonetic key is `key` or one of its deletionVariants, in that order (the
 * first found wins). Keys the Bloom filter rules out are never built as strings nor looked up: a
 * misspelling candidate has ~8 variants and nearly all of them are no key at all.
 */
export function phoneticEntry(lexicons: Lexicons, key: string): HealthEntry | undefined {
  const filter = lexicons.phoneticFilter;
  const mayBeKey = (hash: number): boolean => {
    const bit = hash & (PHONETIC_FILTER_BITS - 1);
    return (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  };
  if (mayBeKey(fnv(key, 0, key.length, FNV_OFFSET))) {
    const entry = lexicons.healthByPhoneticKey.get(key);
    if (entry) return entry;
  }
  let prefix = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) {
    if (mayBeKey(fnv(key, i + 1, key.length, prefix))) {
      const entry = lexicons.healthByPhoneticKey.get(key.slice(0, i) + key.slice(i + 1));
      if (entry) return entry;
    }
    prefix = fnv(key, i, i + 1, prefix);
  }
  return undefined;
}

export function deletionVariants(key: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < key.length; i++) variants.push(key.slice(0, i) + key.slice(i + 1));
  return variants;
}
