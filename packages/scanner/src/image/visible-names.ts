// Person names written in a photo. The text scanner is tuned for social posts, where a bare name is not
// PHI; printed on a chart, label, whiteboard, wristband, folder or sign-in sheet it usually is. Until the
// text scanner has an OCR mode for this, the image scanner applies this rule to OCR'd segments itself:
//   "Last, First" / "LAST, F." (record style)       → NAME, blocks on its own
//   "Mr./Mrs./Ms. Surname"                            → NAME, blocks on its own
//   "Name:/Patient:/RE: First Last"                   → NAME, blocks on its own
//   "First Last" (given name + known name part)       → NAME, blocks when other PHI is visible, else review
// Staff are excluded: a title before (Dr., Nurse, RN) or a credential after ("Dana Whitaker, RN"), and the
// org's allowNames. Only words read as one printed segment pair up, so two labels side by side do not.
import type { ImageFinding, OrgScanConfig, Verdict } from "../types.js";
import { getLexicons } from "../text/index.js";
import type { OcrLine, OcrWordBox } from "./ocr.js";
import { unionBoxes } from "./text-map.js";

export const STAFF_TITLES = new Set(["dr", "doctor", "nurse", "rn", "np", "pa", "md", "charge", "chaplain", "prof", "professor", "coach", "officer", "aide", "tech", "therapist", "pharmacist", "lpn", "cna", "by", "from", "signed", "author", "instructor", "presenter", "speaker", "host", "hosted", "led", "educator", "coordinator", "manager", "director", "volunteer", "contact", "dietitian", "midwife", "counselor"]);
export const CREDENTIALS = new Set(["rn", "md", "do", "np", "pa", "pac", "lpn", "cna", "phd", "pharmd", "dds", "dmd", "dpt", "ot", "pt", "crna", "aprn", "bsn", "msn", "dnp", "lcsw", "mba", "mph", "facs", "facp", "rd", "rdn", "cde", "cdces", "ccrn", "ibclc", "lmsw", "psyd", "slp", "rrt", "cnm"]);
/**
 * Words that make a plain "First Last" on the same line (or the line above) a colleague being greeted,
 * thanked or scheduled, as on staff boards and posters ("Welcome back …", "Employee of the month").
 * Record-style and labelled names are not affected.
 */
const STAFF_CONTEXT = new Set(["welcome", "congrats", "congratulations", "thank", "thanks", "kudos", "shoutout", "employee", "staff", "team", "shift", "charge", "huddle", "schedule", "on-call", "oncall", "retirement", "anniversary", "month", "instructor", "presenter", "speaker", "class"]);
const HONORIFICS = new Set(["mr", "mrs", "ms", "miss", "mx"]);
/** Form labels that say the next words are a patient's name ("Name: MARCUS BELL", "RE: Jamal Washington"). */
const NAME_LABELS = new Set(["name", "patient", "pt", "re", "resident", "client", "member", "recipient"]);
/** Labels printed above a name on cards and forms ("Member" over "JONAH T BRISCOE"). */
const LABELS_ABOVE = new Set(["name", "patient", "member", "subscriber", "insured", "cardholder", "resident", "client", "recipient", "beneficiary"]);
/** Calendar words pass the capitalisation test but never start a name ("Saturday, May 18"). */
const CALENDAR = /^(mon|tues|wednes|thurs|fri|satur|sun)day$|^(january|february|march|april|june|july|august|september|october|november|december)$/;
/** A capitalised word after the pair makes it an organisation ("Mercy Outpatient Pharmacy"), not a person. */
const ORG_WORDS = new Set(["pharmacy", "hospital", "clinic", "center", "centre", "health", "healthcare", "medical", "foundation", "unit", "wing", "hall", "building", "pavilion", "institute", "imaging", "labs", "laboratory", "care", "street", "st", "avenue", "ave", "road", "rd", "drive", "park", "school", "university", "college", "church", "team", "group", "fund", "award", "room"]);
/** Frequent everyday words that are also names ("May", "See", "Will"): too ambiguous for a bare pair. */
const AMBIGUOUS_RANK = 300;

export interface VisibleName {
  finding: ImageFinding;
  /** Record-style names ("Last, First", "Mr. X") block on their own; plain pairs need other PHI nearby. */
  strong: boolean;
}

const clean = (w: string): string => w.replace(/^[^\p{L}]+|[^\p{L}.]+$/gu, "");
const bare = (w: string): string => clean(w).replace(/\./g, "").toLowerCase();
const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(clean(w));
const isInitial = (w: string): boolean => /^\p{Lu}\.?$/u.test(clean(w));

export function findVisibleNames(lines: OcrLine[], config?: OrgScanConfig): VisibleName[] {
  const lex = getLexicons();
  const allowed = new Set((config?.allowNames ?? []).flatMap((n) => n.toLowerCase().split(/[^\p{L}]+/u)).filter(Boolean));
  /** A word that can be part of a name: known to the name lists, or not an English word at all ("Okoro"). */
  const namePart = (w: string): boolean => {
    const b = bare(w);
    if (b.length < 2 || !/^\p{L}+$/u.test(b) || CALENDAR.test(b) || allowed.has(b)) return false;
    if (STAFF_TITLES.has(b) || CREDENTIALS.has(b) || HONORIFICS.has(b)) return false;
    const kind = lex.nameKind(b), rank = lex.commonRank(b);
    if (kind === 0) return rank === 0 && b.length >= 3;
    return !(lex.isWordyName(b) && rank > 0 && rank < AMBIGUOUS_RANK);
  };
  const given = (w: string): boolean => namePart(w) && lex.nameKind(bare(w)) === 1;
  const out: VisibleName[] = [];
  const labelsAbove = lines.flatMap((l) => l.words).filter((w) => LABELS_ABOVE.has(bare(w.text)));
  /** A name label just above the word, left-aligned with it: the card or form says whose name this is. */
  const underLabel = (w: OcrWordBox): boolean => {
    const h = w.box[3];
    return labelsAbove.some((l) => l !== w && l.box[1] + l.box[3] <= w.box[1] + 0.5 * h && w.box[1] - (l.box[1] + l.box[3]) < 1.5 * h && Math.abs(l.box[0] - w.box[0]) < 1.5 * h);
  };
  const staffLine = (li: number): boolean =>
    [lines[li], lines[li - 1]].some((l) => l?.words.some((w) => STAFF_CONTEXT.has(bare(w.text))));
  for (const [li, line] of lines.entries()) {
    const words = line.words;
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i] as OcrWordBox, b = words[i + 1] as OcrWordBox;
      if (a.segment !== b.segment || !isCapitalised(a.text) || !isCapitalised(b.text)) continue;
      const before = words[i - 1]?.segment === a.segment ? bare(words[i - 1]?.text ?? "") : "";
      const labelled = (i > 0 && NAME_LABELS.has(bare(words[i - 1]?.text ?? "")) && /:$/.test(words[i - 1]?.text ?? "")) || underLabel(a);
      // "JONAH T BRISCOE": given name, middle initial, surname — as printed on cards and wristbands.
      const c = words[i + 2];
      const middle = !!c && c.segment === a.segment && isInitial(b.text) && !/,$/.test(a.text.trim()) && given(a.text) && namePart(c.text) && isCapitalised(c.text);
      if (middle && c && (labelled || !staffLine(li)) && !CREDENTIALS.has(bare(words[i + 3]?.segment === a.segment ? words[i + 3]?.text ?? "" : "")) && !STAFF_TITLES.has(before)) {
        const box = unionBoxes([a.box, b.box, c.box]);
        if (box) {
          const confidence = Math.min(a.confidence, b.confidence, c.confidence) / 100;
          out.push({
            strong: labelled,
            finding: {
              type: "NAME", text: `${a.text} ${b.text} ${c.text}`.replace(/[^\p{L}\p{N}.,' -]+$/u, ""), box,
              score: Math.round((labelled ? 0.8 : 0.7) * (0.5 + 0.5 * confidence) * 1000) / 1000, source: "ocr",
              explanation: "visible text: a person's full name with a middle initial, as printed on a card or label",
            },
          });
          i += 2;
          continue;
        }
      }
      const afterWord = words[i + 2]?.segment === a.segment ? bare(words[i + 2]?.text ?? "") : "";
      if (STAFF_TITLES.has(before) || CREDENTIALS.has(afterWord) || ORG_WORDS.has(afterWord)) continue;
      const a0 = a.text.trim();
      const recordStyle = (a0.endsWith(",") || (a0.endsWith(".") && a0 === a0.toUpperCase() && bare(a0).length >= 2)) && namePart(a.text) && (isInitial(b.text) || namePart(b.text));
      const honorific = HONORIFICS.has(bare(a.text)) && namePart(b.text) && lex.nameKind(bare(b.text)) !== 1;
      // A bare pair needs a surname the name lists know: unknown words here are mostly jargon ("Outpatient").
      const pair = !recordStyle && !honorific && /^\p{L}+$/u.test(clean(a.text)) && (labelled ? namePart(a.text) && namePart(b.text) : given(a.text) && namePart(b.text) && lex.nameKind(bare(b.text)) > 0);
      if (!recordStyle && !honorific && !pair) continue;
      const strong = recordStyle || honorific || labelled;
      if (!strong && staffLine(li)) continue;
      const box = unionBoxes([a.box, b.box]);
      if (!box) continue;
      const text = `${a.text} ${b.text}`.replace(/[^\p{L}\p{N}.,' -]+$/u, "");
      const confidence = Math.min(a.confidence, b.confidence) / 100;
      out.push({
        strong,
        finding: {
          type: "NAME",
          text,
          box,
          score: Math.round((strong ? 0.8 : 0.65) * (0.5 + 0.5 * confidence) * 1000) / 1000,
          source: "ocr",
          explanation: recordStyle
            ? "visible text: a name written as on a record or label (\"Last, First\")"
            : honorific
              ? "visible text: a person addressed by title and surname"
              : "visible text: a person's full name",
        },
      });
      i++;
    }
  }
  // Names the org allow-listed (kept as keyed hashes by the caller) are not reported either.
  return config?.isAllowed ? out.filter((n) => !config.isAllowed!({ type: "NAME", text: n.finding.text ?? "" })) : out;
}

/** Verdict the visible names add: block for record-style names or names beside other PHI, else review. */
export function visibleNameVerdict(names: VisibleName[], otherFindings: ImageFinding[]): Verdict {
  if (!names.length) return "allow";
  return names.some((n) => n.strong) || otherFindings.some((f) => f.type !== "NAME") ? "block" : "review";
}
