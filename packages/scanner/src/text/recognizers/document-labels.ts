// NAME and DATE on documents photographed for social media (charts, wristbands, folder labels,
// whiteboards), for OCR text only (scanText(..., { source: "image" })). In a post "Maria discharge
// day" is chatter; on a label, "GONZALEZ, MARIA  DOB 03/04/1950  Rm 12" is a patient record. Labels
// are read on tokens, so OCR's lost line breaks and ALL-CAPS do not matter.
import { makeCandidate, type Candidate, type ScanContext } from "../candidate.js";
import { CUE, ORG_WORDS, STAFF_CREDENTIALS } from "../cues.js";
import { kindOf, rankOf, tokenInfo } from "../lexicons.js";
import type { Token } from "../tokenize.js";

// Labels that sit next to a patient's name on a document.
const NAME_LABELS = new Set(["name", "pt", "patient", "dob", "d.o.b", "mrn", "rm", "rm.", "room", "bed", "resident", "client", "allergies", "dx", "attending"]);
// Labels that make a nearby date a date of care or birth.
const DATE_LABELS = new Set(["adm", "admit", "admitted", "admission", "d/c", "dc", "disch", "discharge", "dos", "dob", "d.o.b", "born", "surgery", "procedure", "appt"]);
const DATE_SHAPE_RE = /^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?$/;
const WINDOW = 4;

export function recognizeDocumentLabels(context: ScanContext): Candidate[] {
  const { tokens } = context;
  const found: Candidate[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const run = nameRunAt(context, index);
    if (run > 0) {
      const last = index + run - 1;
      const labelled = nearLabel(tokens, index, last, NAME_LABELS);
      // "GONZALEZ, MARIA": surname, comma, given name — the shape of a chart or folder label.
      const lastFirst = run === 3 && tokens[index + 1]?.text === ",";
      if ((labelled || lastFirst) && !staffAfter(tokens, last)) {
        const first = tokens[index];
        const end = tokens[last];
        if (first && end) {
          found.push(makeCandidate(context, "NAME", first.start, end.end, {
            score: 0.9, recognizer: "name.document", explanation: "a patient's name on a photographed document or label",
            role: "patient", subtype: "full", personal: true,
          }));
        }
      }
      index = last;
      continue;
    }
    const token = tokens[index];
    if (token?.kind === "number" && DATE_SHAPE_RE.test(token.text) && nearLabel(tokens, index, index, DATE_LABELS)) {
      found.push(makeCandidate(context, "DATE", token.start, token.end, {
        score: 0.9, recognizer: "date.document", explanation: "a date of care or birth on a photographed document", personal: true, subtype: "care",
      }));
    }
  }
  return found;
}

/** Length of a name starting here: 1–3 name-list words, or "Last, First" (3 tokens); 0 if none. */
function nameRunAt(context: ScanContext, index: number): number {
  const { tokens } = context;
  if (!isNameWord(context, tokens[index])) return 0;
  const comma = tokens[index + 1];
  if (comma?.text === "," && comma.sentence === tokens[index]?.sentence && isNameWord(context, tokens[index + 2])) return 3;
  let run = 1;
  while (run < 3 && tokens[index + run]?.sentence === tokens[index]?.sentence && isNameWord(context, tokens[index + run])) run++;
  return run;
}

/** A capitalized word in the name lists that is not an everyday word or a label (ALL-CAPS allowed: OCR shouts). */
function isNameWord(context: ScanContext, token: Token | undefined): boolean {
  // Labels are printed or written in capitals ("Lucille", "ABERNETHY"); lowercase is running text.
  if (!token || token.kind !== "word" || !token.capitalized || token.base.length < 2) return false;
  if ((token.cue & (CUE.NEVER_NAME | CUE.KIN | CUE.STAFF_TITLE)) !== 0 || ORG_WORDS.has(token.base)) return false;
  if (NAME_LABELS.has(token.lower) || DATE_LABELS.has(token.lower) || STAFF_CREDENTIALS.has(token.base)) return false;
  const info = tokenInfo(context.lexicons, token);
  const rank = rankOf(info);
  return kindOf(info) !== 0 && (rank === 0 || rank > 3000);
}

function nearLabel(tokens: Token[], first: number, last: number, labels: Set<string>): boolean {
  for (let cursor = Math.max(0, first - WINDOW); cursor <= Math.min(tokens.length - 1, last + WINDOW); cursor++) {
    if (cursor >= first && cursor <= last) continue;
    const token = tokens[cursor];
    if (!token) continue;
    // The tokenizer splits "D/C" into "d", "/", "c".
    const label = token.lower === "c" && tokens[cursor - 1]?.text === "/" && tokens[cursor - 2]?.lower === "d" ? "d/c" : token.lower.replace(/[:#]$/, "");
    if (labels.has(label)) return true;
  }
  return false;
}

/** "KIM, JOHN RN": a credential right after the name makes it a staff badge. */
function staffAfter(tokens: Token[], last: number): boolean {
  const next = tokens[last + 1]?.text === "," ? tokens[last + 2] : tokens[last + 1];
  return !!next && STAFF_CREDENTIALS.has(next.lower.replace(/\.$/, ""));
}
