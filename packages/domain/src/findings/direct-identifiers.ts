// Direct identifiers (issue 10, item 3): an MRN, an SSN or a date of birth points at one patient by
// itself, so approving over one needs the org's policy to allow it. The scanner's finding types are
// coarse (ID, DATE); the subtype is in the recognizer name for text findings (id.mrn, id.ssn,
// date.birth, see packages/scanner/src/text/recognizers). Image findings are recorded as
// image.ocr / metadata.<field> and keep only the text recognizer's explanation, prefixed
// ("visible text: a medical record number"), so the explanation's ending is read for those.

export type DirectIdentifier = "MRN" | "SSN" | "DOB";

const BY_RECOGNIZER: Record<string, DirectIdentifier> = { "id.mrn": "MRN", "id.ssn": "SSN", "date.birth": "DOB" };
const BY_EXPLANATION: [type: string, ending: string, kind: DirectIdentifier][] = [
  ["ID", "a medical record number", "MRN"],
  ["ID", "a social security number", "SSN"],
  ["DATE", "a date of birth", "DOB"],
];

export const DIRECT_IDENTIFIER_LABELS: Record<DirectIdentifier, string> = {
  MRN: "A medical record number",
  SSN: "A Social Security number",
  DOB: "A date of birth",
};

export function directIdentifierOf(finding: { type: string; recognizer: string; explanation: string }): DirectIdentifier | null {
  const byName = BY_RECOGNIZER[finding.recognizer];
  if (byName) return byName;
  const explanation = finding.explanation.trim().toLowerCase();
  for (const [type, ending, kind] of BY_EXPLANATION) {
    if (finding.type === type && explanation.endsWith(ending)) return kind;
  }
  return null;
}

/** "A medical record number cannot be approved over; …", naming each kind once. */
export function directIdentifierRefusal(kinds: DirectIdentifier | DirectIdentifier[]): string {
  const labels = [...new Set(Array.isArray(kinds) ? kinds : [kinds])].map((k, i) => (i === 0 ? DIRECT_IDENTIFIER_LABELS[k] : DIRECT_IDENTIFIER_LABELS[k].toLowerCase().replace("social security", "Social Security")));
  const what = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `${what} cannot be approved over; remove ${labels.length === 1 ? "it" : "them"} from the post, or an admin must allow it in the approval policy`;
}
