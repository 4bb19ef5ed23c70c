// Labelled fields on cards, labels, screens and notes: a label followed by its value ("Acc# 24-61907",
// "ID 30418826", "GA 31w2d", "K+ 2.9", "Coll 03/11 06:42"), OCR's joined forms of them ("K+2.9",
// "MRN6610438") and, on cards and forms, the label printed above its value ("Member ID" over
// "W284615907"). The label says what the value is, so the value's shape need only fit the label:
//   identifier labels (accession, specimen, member, account, claim …) + a value with 4–5+ digits → ID
//   date-of-care labels (collected, drawn, admitted, seen, LMP …)   + a date (and time)       → DATE
//   lab analytes and gestational age (K+, Na, Hgb, INR, GA …)         + a number / 31w2d        → HEALTH
// Vital signs (HR, SpO2, BP, Temp) are left out: every bedside monitor shows them, named or not. A lab
// value is health information only about someone identified; the scanner's image policy decides that.
import type { ImageFinding } from "../types.js";
import type { Box, OcrLine, OcrWordBox } from "./ocr.js";
import { unionBoxes } from "./text-map.js";

type FieldType = "ID" | "DATE" | "HEALTH";

/** Identifier labels → digits the value needs (generic words need more, so "Lab 320" stays a room). */
const ID_LABELS = new Map<string, number>([
  ...["mrn", "mr", "acc", "accession", "acct", "account", "specimen", "spec", "member", "subscriber", "policy", "rx", "claim", "csn", "fin", "har", "mbi", "hicn", "ssn", "medicaid", "medicare", "enc", "encounter", "pid", "uid", "requisition", "barcode"].map((k) => [k, 4] as const),
  ...["id", "group", "grp", "case", "order", "visit", "req", "serial", "sn", "s/n", "chart", "record", "sample", "lab", "episode", "ref"].map((k) => [k, 5] as const),
]);
/** Words before an identifier label that make it a staff member's own number. */
const STAFF_OWNERS = new Set(["employee", "staff", "emp", "badge", "provider", "npi", "dea", "vendor", "store", "clinic", "office"]);
/** Words that may sit between a label and its value ("Acct No. 1234", "Member # 55012"). */
const FILLER = new Set(["no", "nr", "num", "number", "#", ":", "id"]);
const DATE_LABELS = new Set(["coll", "collected", "collection", "drawn", "rec'd", "recd", "received", "adm", "admit", "admitted", "admission", "d/c", "disch", "discharged", "discharge", "dos", "dob", "lmp", "edd", "edc", "appt", "seen", "surgery", "procedure", "exam", "born", "birth", "delivered", "expired", "deceased"]);
const ANALYTES = new Set(["k", "k+", "na", "na+", "cl", "cl-", "co2", "hco3", "bun", "cr", "creat", "creatinine", "glu", "glucose", "bg", "fsbs", "a1c", "hba1c", "hgb", "hb", "hct", "wbc", "plt", "inr", "ptt", "trop", "troponin", "lactate", "phos", "ca", "tsh", "bnp", "egfr", "ast", "alt", "bili", "lipase", "crp", "psa", "hcg", "ammonia", "ldl", "pco2", "po2", "ga"]);

const DATE_RE = /^(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2})[,;]?$/;
const TIME_RE = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const GA_RE = /^\d{1,2}\s?(?:w|wk|wks)(?:\d{1,2}d?)?$|^\d{1,2}\+\d$/i;
const LAB_RE = /^[<>]?\d{1,4}(?:\.\d{1,3})?(?:[a-z%/]{0,6}|[-!].*)?$/i;

const labelOf = (text: string): string => text.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, "").replace(/[:#.]+$/, "");
const digits = (s: string): number => (s.match(/\d/g) ?? []).length;

function idValue(text: string, need: number): string | null {
  const t = text.replace(/^[#:]+/, "").replace(/[.,;:]+$/, "");
  if (digits(t) < need || !/^[A-Za-z]{0,3}[\d][\dA-Za-z/-]*$/.test(t) || DATE_RE.test(t) || TIME_RE.test(t)) return null;
  return (t.match(/[A-Za-z]/g) ?? []).length > 3 ? null : t;
}

/** The value's text for a label of this type, or null when the word does not fit it. */
function valueFor(type: FieldType, label: string, text: string): string | null {
  const t = text.replace(/^[#:=]+/, "");
  if (type === "ID") return idValue(t, ID_LABELS.get(label) ?? 5);
  if (type === "DATE") return DATE_RE.test(t) ? t.replace(/[,;]$/, "") : null;
  if (label === "ga") return GA_RE.test(t) ? t : null;
  const m = LAB_RE.exec(t);
  return m ? (/^[<>]?\d{1,4}(?:\.\d{1,3})?/.exec(t)?.[0] ?? null) : null;
}

function typeOf(label: string): FieldType | null {
  if (ANALYTES.has(label)) return "HEALTH";
  if (DATE_LABELS.has(label)) return "DATE";
  if (ID_LABELS.has(label)) return "ID";
  return null;
}

/** Part of a word's box: OCR joins "K+2.9-call" into one word; the value's share is cut out by characters. */
function subBox(w: OcrWordBox, start: number, end: number): Box {
  const n = Math.max(1, w.text.length);
  const [x, y, bw, bh] = w.box;
  const x0 = x + (bw * start) / n, x1 = x + (bw * end) / n;
  return [Math.floor(x0), y, Math.max(1, Math.ceil(x1 - x0)), bh];
}

const JOINED_RE = /^([A-Za-z][A-Za-z/']{0,11}\+?)[:#=]*(\d\S*)$/;

export interface FieldFinding extends ImageFinding {
  type: FieldType;
}

const EXPLAIN: Record<FieldType, string> = {
  ID: "visible text: an identifier printed after its label (accession, member, account, record …)",
  DATE: "visible text: a date of care printed after its label (collected, admitted, seen …)",
  HEALTH: "visible text: a lab value or gestational age printed after its label",
};

export function findLabelledFields(lines: OcrLine[]): FieldFinding[] {
  const out: FieldFinding[] = [];
  const used = new Set<OcrWordBox>();
  const push = (type: FieldType, text: string, boxes: Box[], conf: number, words: OcrWordBox[]): void => {
    const box = unionBoxes(boxes);
    if (!box) return;
    words.forEach((w) => used.add(w));
    out.push({ type, text, box, score: Math.round((type === "HEALTH" ? 0.7 : 0.85) * (0.5 + conf / 200) * 1000) / 1000, source: "ocr", explanation: EXPLAIN[type] });
  };
  const all = lines.flatMap((l) => l.words);
  const pending: { label: string; type: FieldType; words: OcrWordBox[] }[] = [];
  for (const line of lines) {
    const words = line.words;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as OcrWordBox;
      if (used.has(w)) continue;
      const joined = JOINED_RE.exec(w.text);
      if (joined && !typeOf(labelOf(w.text))) {
        const label = labelOf(joined[1] as string), type = typeOf(label);
        const value = type ? valueFor(type, label, joined[2] as string) : null;
        if (type && value) {
          const end = (joined[0].length - (joined[2] as string).length) + value.length;
          push(type, w.text.slice(0, end), [subBox(w, 0, end)], w.confidence, [w]);
          continue;
        }
      }
      const label = labelOf(w.text), type = typeOf(label);
      if (!type) continue;
      // "Employee ID", "Staff ID", "Provider #": a staff member's number, not a patient's.
      if (type === "ID" && i > 0 && words[i - 1]?.segment === w.segment && STAFF_OWNERS.has(labelOf((words[i - 1] as OcrWordBox).text))) continue;
      // The value follows in the same printed segment, after optional fillers ("No.", "#", ":").
      let j = i + 1;
      while (j < words.length && j <= i + 2 && FILLER.has(labelOf((words[j] as OcrWordBox).text) || (words[j] as OcrWordBox).text) && (words[j] as OcrWordBox).segment === w.segment) j++;
      const next = words[j];
      const value = next && next.segment === w.segment ? valueFor(type, label, next.text) : null;
      if (next && value) {
        const parts = words.slice(i, j + 1);
        const time = type === "DATE" && words[j + 1] && TIME_RE.test((words[j + 1] as OcrWordBox).text) ? words[j + 1] : undefined;
        if (time) parts.push(time);
        push(type, parts.map((p) => p.text).join(" "), parts.map((p) => p.box), Math.min(...parts.map((p) => p.confidence)), parts);
        i = j + (time ? 1 : 0);
        continue;
      }
      // No value beside it: maybe printed below (cards, forms). Adjacent labels form one phrase ("Member ID").
      const phrase = [w];
      for (let k = i + 1; k < words.length; k++) {
        const a = phrase[phrase.length - 1] as OcrWordBox, b = words[k] as OcrWordBox;
        if (b.segment !== w.segment || typeOf(labelOf(b.text)) !== type || b.box[0] - (a.box[0] + a.box[2]) > a.box[3]) break;
        phrase.push(b);
      }
      // Only a heading-like label (nothing after it in its segment but other labels) has its value below:
      // "Rewards member since 2019" is running text.
      const rest = words.slice(i + phrase.length).filter((x) => x.segment === w.segment);
      if (rest.every((x) => typeOf(labelOf(x.text)))) pending.push({ label: labelOf((phrase[phrase.length - 1] as OcrWordBox).text), type, words: phrase });
      i += phrase.length - 1;
    }
  }
  for (const p of pending) {
    const box = unionBoxes(p.words.map((w) => w.box)) as Box;
    const h = box[3];
    const below = all
      .filter((v) => !used.has(v) && !p.words.includes(v))
      .filter((v) => v.box[1] + v.box[3] / 2 > box[1] + box[3] * 0.8 && v.box[1] < box[1] + box[3] + 2.5 * h && Math.abs(v.box[0] - box[0]) < 1.5 * h)
      .sort((a, b) => a.box[1] - b.box[1]);
    const v = below[0];
    // One group of a grouped card number ("6011 2233 4455 6677") is not a value on its own.
    const grouped = !!v && all.some((x) => x !== v && x.segment === v.segment && /^\d{3,}$/.test(x.text));
    const value = v && !grouped ? valueFor(p.type, p.label, v.text) ?? p.words.map((w) => valueFor(p.type, labelOf(w.text), v.text)).find(Boolean) : null;
    if (v && value) push(p.type, value, [v.box], v.confidence, [v]);
  }
  return out;
}
