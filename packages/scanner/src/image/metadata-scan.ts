// Metadata → findings. GPS is always reported (a coordinate can place a patient's home); every free-text
// field goes through the text scanner on its own, since captions are written independently of each other.
import type { ImageFinding, OrgScanConfig, TextFinding, Verdict } from "../types.js";
import { captionNames } from "./caption.js";
import type { ImageMetadata } from "./metadata.js";
import type { TextScanFn } from "./text-map.js";

const AUTHOR_FIELD = /artist|creator|author|by-?line|writer|credit|copyright|source|owner/i;

const RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };
export const maxVerdict = (a: Verdict, b: Verdict): Verdict => (RANK[a] >= RANK[b] ? a : b);

export async function scanMetadata(
  meta: ImageMetadata,
  scanText: TextScanFn,
  config?: OrgScanConfig,
): Promise<{ findings: ImageFinding[]; verdict: Verdict }> {
  const findings: ImageFinding[] = [];
  let verdict: Verdict = "allow";
  if (meta.gps) {
    const lat = meta.gps.latitude.toFixed(5);
    const lon = meta.gps.longitude.toFixed(5);
    findings.push({
      type: "LOCATION",
      text: `GPS ${lat}, ${lon}`,
      score: 1,
      source: "metadata",
      field: "gps",
      explanation: "GPS coordinates in the image metadata can locate where the photo was taken (e.g. a patient's home)",
    });
    verdict = "block";
  }
  for (const { field, value } of meta.texts) {
    // A caption is typed like a post, so it gets the text scanner's learned model (kind "caption",
    // source "social"), plus the caption rule: a name tied to a care event. Author fields (artist,
    // creator, credit …) name the photographer, never a patient.
    const author = AUTHOR_FIELD.test(field.slice(field.lastIndexOf(".") + 1));
    const result = await scanText(value, { kind: "caption", source: "social", config });
    const scanned = author ? result.findings.filter((f) => f.type !== "NAME") : result.findings;
    const tied = author ? [] : captionNames(value, config);
    const named = tied.filter((n) => !scanned.some((f) => f.start < n.end && n.start < f.end));
    const all: TextFinding[] = [...scanned, ...named];
    const fieldVerdict: Verdict = tied.length ? "block" : scanned.length ? result.verdict : "allow";
    if (!all.length || fieldVerdict === "allow") continue;
    verdict = maxVerdict(verdict, fieldVerdict);
    for (const f of all) {
      findings.push({
        type: f.type,
        text: f.text,
        score: f.score,
        source: "metadata",
        field,
        explanation: `metadata field ${field}: ${f.explanation}`,
      });
    }
  }
  return { findings, verdict };
}
