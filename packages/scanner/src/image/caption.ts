// Captions typed into a photo's metadata are short and telegraphic: "Maria discharge day", "Mr. Adewale
// heading home today", "Okafor bedside". The text scanner, tuned on posts, reads a bare first name as
// chatter; attached to a photo taken in a hospital, a person's name tied to a care event (discharge,
// going home, bedside, surgery, a family meeting, a room) says who the patient in or behind the photo
// is. Staff are excluded as elsewhere: a title before the name (Dr., Nurse) or a credential after it.
import type { OrgScanConfig, TextFinding } from "../types.js";
import { getLexicons } from "../text/index.js";
import { isEverydayWord } from "./ocr-analysis.js";

const HONORIFICS = new Set(["mr", "mrs", "ms", "miss", "mx"]);
const STAFF_TITLES = new Set(["dr", "doctor", "nurse", "np", "pa", "chaplain", "prof", "professor", "coach", "officer", "tech", "therapist", "pharmacist", "by", "photo", "photographer", "credit"]);
const CREDENTIALS = new Set(["rn", "md", "do", "np", "pa", "lpn", "cna", "phd", "pharmd", "dds", "dmd", "dpt", "ot", "pt", "crna", "aprn", "bsn", "msn", "dnp", "lcsw"]);
const NOT_NAMES = new Set(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "team", "staff", "unit", "room", "bed", "hospital", "clinic", "center", "today", "new", "our", "the", "happy", "welcome", "family"]);
/** Words that make the caption about someone's care. */
const CARE_WORDS = new Set(["discharge", "discharged", "admitted", "admission", "readmitted", "bedside", "recovering", "recovery", "surgery", "post-op", "postop", "preop", "pre-op", "hospitalized", "inpatient", "patient", "pt", "diagnosed", "diagnosis", "treatment", "chemo", "dialysis", "rehab", "icu", "nicu", "picu", "er", "ed", "ward", "transplant", "biopsy", "appointment", "appt", "labor", "newborn", "hospice", "palliative", "surgical", "stitches", "therapy"]);
const CARE_PHRASES = [/\b(?:going|heading|coming|goes|went|headed|sent|back) home\b/i, /\bhome today\b/i, /\bwelcome home\b/i, /\bfamily meeting\b/i, /\b(?:room|rm|bed|bay)\s*#?\d+[a-z]?\b/i, /\bring(?:s|ing)? the bell\b/i, /\blast day of\b/i, /\bday \d+ (?:post|after)\b/i];
/** Staff-celebration captions name staff, whatever else they say. */
const STAFF_CUES = new Set(["retirement", "retires", "retiring", "anniversary", "hired", "award", "honoree", "promoted", "employee", "staff", "team", "volunteer", "volunteers", "graduates", "residency", "welcome"]);

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}][\p{L}'’-]*\.?|\d+[a-z]?/gu)].map((m) => ({ text: m[0], lower: m[0].toLowerCase().replace(/[.'’]+$|['’]s$/u, ""), start: m.index, end: m.index + m[0].length }));
}

function careEvent(text: string, ws: Word[]): boolean {
  const health = getLexicons().healthByFirstWord;
  if (ws.some((w) => CARE_WORDS.has(w.lower))) return true;
  if (CARE_PHRASES.some((re) => re.test(text))) return true;
  return ws.some((w, i) => (health.get(w.lower) ?? []).some((e) => e.words.every((part, k) => ws[i + k]?.lower === part)));
}

/** NAME findings for people a caption ties to a care event; empty when it ties nobody. */
export function captionNames(text: string, config?: OrgScanConfig): TextFinding[] {
  const ws = words(text);
  if (!careEvent(text, ws)) return [];
  const lower = text.toLowerCase();
  if (ws.some((w) => STAFF_CUES.has(w.lower)) && !/\bwelcome home\b/.test(lower)) return [];
  const lex = getLexicons();
  const allowed = new Set((config?.allowNames ?? []).flatMap((n) => n.toLowerCase().split(/[^\p{L}]+/u)).filter(Boolean));
  const out: TextFinding[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    const prev = ws[i - 1], next = ws[i + 1];
    if (!/^\p{Lu}/u.test(w.text) || w.lower.length < 2 || NOT_NAMES.has(w.lower) || allowed.has(w.lower) || HONORIFICS.has(w.lower)) continue;
    if (prev && STAFF_TITLES.has(prev.lower)) continue;
    if (next && CREDENTIALS.has(next.lower)) continue;
    const honorific = !!prev && HONORIFICS.has(prev.lower);
    const kind = lex.nameKind(w.lower), rank = lex.commonRank(w.lower);
    // A known name that is not an everyday word; after "Mr."/"Mrs." any capitalised word is a surname.
    if (!honorific && !(kind !== 0 && (rank === 0 || rank > 2000))) continue;
    // "Maria Lopez": keep the following surname in the same finding.
    let end = w.end;
    if (next && /^\p{Lu}/u.test(next.text) && !NOT_NAMES.has(next.lower) && (lex.nameKind(next.lower) !== 0 || !isEverydayWord(next.text))) {
      end = next.end;
      i++;
    }
    const start = honorific && prev ? prev.start : w.start;
    const found = text.slice(start, end).replace(/[.,]+$/, "");
    if (config?.isAllowed?.({ type: "NAME", text: found })) continue;
    out.push({
      type: "NAME", start, end: start + found.length, text: found, score: honorific ? 0.85 : 0.75, recognizer: "image.caption",
      explanation: "a person named in the photo's caption together with a care event (discharge, going home, bedside, a room …)",
    });
  }
  return out;
}
