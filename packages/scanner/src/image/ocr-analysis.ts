// From OCR lines to the image's visible-text findings and verdict. Four readers add up — the text
// scanner on the whole document, record-style names (visible-names.ts), labelled fields
// (ocr-fields.ts) and the items a record prints around a name (ocr-context.ts) — then a policy for
// photographed text that the text scanner, built for posts, cannot apply:
// - a lone everyday word read as a name ("HUDDLE", "Restrooms", "Vitals") is a sign, not a person;
//   a name after a staff title ("Dr. Halloran") is staff;
// - a toll-free number, or a number printed after "Call"/"Questions?" away from any name, is the org's;
// - without anything that identifies someone (a name, identifier, contact, date, age), a room number
//   or a health word is not PHI: "Outpatient Infusion 350" on a directory, "BED 11  No patient
//   admitted" on an idle monitor. Only a room tied to a specific condition is left for review.
import type { ImageFinding, OrgScanConfig, Verdict } from "../types.js";
import { getLexicons } from "../text/index.js";
import { VOCAB_ORDINARY, vocabBits } from "../text/model/vocab.js";
import { maxVerdict } from "./metadata-scan.js";
import type { Box, OcrLine, OcrWordBox } from "./ocr.js";
import { extendHealth, findRecordContext } from "./ocr-context.js";
import { findLabelledFields } from "./ocr-fields.js";
import { mergeFindings, scanOcrLines, type TextScanFn } from "./text-map.js";
import { CREDENTIALS, findVisibleNames, STAFF_TITLES, visibleNameVerdict } from "./visible-names.js";

const IDENTIFYING = new Set(["NAME", "ID", "CONTACT", "DATE", "AGE", "PHOTO_REF"]);
const STAFF_BEFORE = new Set([...STAFF_TITLES, "attending", "provider", "physician", "surgeon"]);
/** Invitations to call the org ("Call (614) …", "Questions? …", "Customer Service …"); a form's "Phone:" label is not one. */
const ORG_PHONE_CUES = new Set(["call", "info", "information", "questions", "register", "service", "services", "appointments", "appointment", "schedule", "scheduling", "hotline", "toll-free", "helpline", "reception", "desk", "office"]);
const TOLL_FREE = /^1?(800|833|844|855|866|877|888)\d{7}$/;

const bare = (w: string): string => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
const centreIn = (w: OcrWordBox, b: Box): boolean => overlaps([w.box[0] + w.box[2] / 2, w.box[1] + w.box[3] / 2, 1, 1], b);

/** An everyday English word (or a name that is mostly a word, like "Temp"), not a person's name. */
export function isEverydayWord(word: string): boolean {
  const w = bare(word);
  if (!/^\p{L}+$/u.test(w)) return false;
  const lex = getLexicons();
  const rank = lex.commonRank(w);
  if ((vocabBits(w) & VOCAB_ORDINARY) !== 0) return true;
  return rank > 0 && (lex.isWordyName(w) || lex.nameKind(w) === 0);
}

/** A health finding made only of vague words ("admitted", "treatment") that need a named person. */
function weakHealth(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).map(bare).filter(Boolean);
  const entries = getLexicons().healthByFirstWord.get(words[0] ?? "") ?? [];
  const entry = entries.find((e) => e.words.join(" ") === words.join(" "));
  return !!entry && entry.weak;
}

/** The line and position of the first word a finding covers. */
function locate(lines: OcrLine[], box: Box): { line: OcrLine; index: number } | undefined {
  for (const line of lines) {
    const index = line.words.findIndex((w) => centreIn(w, box));
    if (index >= 0) return { line, index };
  }
  return undefined;
}

function keepTextFinding(f: ImageFinding, lines: OcrLine[], nameBoxes: Box[], fields: ImageFinding[]): boolean {
  // nameBoxes: patients' names read in the image; a phone in an image that names a patient is kept.
  if (!f.box || !f.text) return true;
  const at = locate(lines, f.box);
  const before = at ? at.line.words.slice(0, at.index).map((w) => bare(w.text)) : [];
  if (f.type === "NAME") {
    const parts = f.text.trim().split(/\s+/);
    if (parts.length === 1 && isEverydayWord(parts[0] as string)) return false;
    // Staff: a title shortly before the name ("Instructor: …", "Dr. …", "Your nurse today: …") or a
    // credential after it ("…, RD").
    const after = at ? at.line.words.slice(at.index).find((w) => !centreIn(w, f.box as Box)) : undefined;
    if (before.slice(-3).some((w) => STAFF_BEFORE.has(w)) || CREDENTIALS.has(bare(after?.text ?? ""))) return false;
    // A word a labelled field owns ("Coll 03/11", "GA 31w2d") is that field's label, not a name.
    return !(parts.length === 1 && fields.some((x) => x.box && overlaps(f.box as Box, x.box)));
  }
  if (f.type === "CONTACT") {
    const digits = f.text.replace(/\D/g, "");
    if (TOLL_FREE.test(digits)) return false;
    if (!nameBoxes.length && before.slice(-3).some((w) => ORG_PHONE_CUES.has(w))) return false;
  }
  return true;
}

export interface OcrAnalysis {
  findings: ImageFinding[];
  verdict: Verdict;
  reasons: string[];
}

export async function analyzeOcr(lines: OcrLine[], scanText: TextScanFn, config?: OrgScanConfig): Promise<OcrAnalysis> {
  const allowed = (f: ImageFinding): boolean => !(f.text && f.type !== "FACE" && config?.isAllowed?.({ type: f.type, text: f.text }));
  const names = findVisibleNames(lines, config);
  const fields = findLabelledFields(lines).filter(allowed);
  const scan = await scanOcrLines(lines, scanText, config, names.map((n) => n.finding.text ?? ""));
  const textNames = scan.findings.filter((f) => f.type === "NAME" && keepTextFinding(f, lines, [], fields));
  const nameBoxes = [...names.map((n) => n.finding), ...textNames].flatMap((f) => (f.box ? [f.box] : []));
  const text = scan.findings.filter((f) => keepTextFinding(f, lines, nameBoxes, fields));
  const base = mergeFindings([text, names.map((n) => n.finding), fields]);
  const patientBoxes = base.filter((f) => f.type === "NAME" && f.box).map((f) => f.box as Box);
  const context = findRecordContext(lines, patientBoxes, base.flatMap((f) => (f.box ? [f.box] : []))).filter(allowed);
  const findings = mergeFindings([base, context]).map((f) => extendHealth(f, lines));

  const identifying = findings.filter((f) => IDENTIFYING.has(f.type));
  if (!identifying.length) {
    const rooms = findings.filter((f) => f.type === "LOCATION");
    const health = findings.filter((f) => f.type === "HEALTH" && !weakHealth(f.text ?? ""));
    if (rooms.length && health.length) return { findings: [...rooms, ...health], verdict: "review", reasons: scan.reasons };
    return { findings: [], verdict: "allow", reasons: [] };
  }
  let verdict: Verdict = text.length ? scan.verdict : "allow";
  verdict = maxVerdict(verdict, visibleNameVerdict(names, [...text, ...fields, ...context]));
  const strongId = findings.some((f) => f.type === "ID" || f.type === "CONTACT" || f.type === "DATE") || names.some((n) => n.strong);
  for (const f of [...fields, ...context]) {
    if (f.type === "ID" || f.type === "DATE") verdict = "block";
    else if (f.type === "AGE") verdict = maxVerdict(verdict, findings.some((g) => g.type === "NAME") ? "block" : "review");
    else verdict = maxVerdict(verdict, strongId ? "block" : "review");
  }
  return { findings, verdict, reasons: scan.reasons };
}
