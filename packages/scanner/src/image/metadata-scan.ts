// Metadata → findings. GPS is always reported (a coordinate can place a patient's home); every free-text
// field goes through the text scanner on its own, since captions are written independently of each other.
import type { ImageFinding, OrgScanConfig, Verdict } from "../types.js";
import type { ImageMetadata } from "./metadata.js";
import type { TextScanFn } from "./text-map.js";

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
    // Captions and comments were written about this photo, so they are read with the image rules too.
    const result = await scanText(value, { kind: "post", source: "image", config });
    if (!result.findings.length || result.verdict === "allow") continue;
    verdict = maxVerdict(verdict, result.verdict);
    for (const f of result.findings) {
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
