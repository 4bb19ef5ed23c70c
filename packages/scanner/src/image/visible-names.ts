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

const STAFF_TITLES = new Set(["dr", "doctor", "nurse", "rn", "np", "pa", "md", "charge", "chaplain", "prof", "professor", "coach", "officer", "aide", "tech", "therapist", "pharmacist", "lpn", "cna", "by", "from", "signed", "author"]);
const CREDENTIALS = new Set(["rn", "md", "do", "np", "pa", "pac", "lpn", "cna", "phd", "pharmd", "dds", "dmd", "dpt", "ot", "pt", "crna", "aprn", "bsn", "msn", "dnp", "lcsw", "mba", "mph", "facs", "facp"]);
const HONORIFICS = new Set(["mr", "mrs", "ms", "miss", "mx"]);
/** Form labels that say the next words are a patient's name ("Name: MARCUS BELL", "RE: Jamal Washington"). */
const NAME_LABELS = new Set(["name", "patient", "pt", "re", "resident", "client", "member", "recipient"]);
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
  for (const line of lines) {
    const words = line.words;
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i] as OcrWordBox, b = words[i + 1] as OcrWordBox;
      if (a.segment !== b.segment || !isCapitalised(a.text) || !isCapitalised(b.text)) continue;
      const before = words[i - 1]?.segment === a.segment ? bare(words[i - 1]?.text ?? "") : "";
      const labelled = i > 0 && NAME_LABELS.has(bare(words[i - 1]?.text ?? "")) && /:$/.test(words[i - 1]?.text ?? "");
      const afterWord = words[i + 2]?.segment === a.segment ? bare(words[i + 2]?.text ?? "") : "";
      if (STAFF_TITLES.has(before) || CREDENTIALS.has(afterWord) || ORG_WORDS.has(afterWord)) continue;
      const a0 = a.text.trim();
      const recordStyle = (a0.endsWith(",") || (a0.endsWith(".") && a0 === a0.toUpperCase() && bare(a0).length >= 2)) && namePart(a.text) && (isInitial(b.text) || namePart(b.text));
      const honorific = HONORIFICS.has(bare(a.text)) && namePart(b.text) && lex.nameKind(bare(b.text)) !== 1;
      // A bare pair needs a surname the name lists know: unknown words here are mostly jargon ("Outpatient").
      const pair = !recordStyle && !honorific && /^\p{L}+$/u.test(clean(a.text)) && (labelled ? namePart(a.text) && namePart(b.text) : given(a.text) && namePart(b.text) && lex.nameKind(bare(b.text)) > 0);
      if (!recordStyle && !honorific && !pair) continue;
      const strong = recordStyle || honorific || labelled;
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
