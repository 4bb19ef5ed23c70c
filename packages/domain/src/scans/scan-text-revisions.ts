import type { Verdict } from "@vetted/scanner";
import { findingRows, type FindingRow } from "./finding-rows";
import { loadOrgScanContext } from "./org-scan-context";
import { scanRevision, type ScanDeps } from "./scan-revision";

export interface TextRevision {
  id: string;
  postId: string;
  text: string;
  channelTexts?: Record<string, string>;
}

export interface TextRevisionScan {
  verdict: Verdict;
  reasons: string[];
  findings: FindingRow[];
}

/**
 * Scans revisions without images in this process, exactly as the worker scans them (the org's
 * staff names and allow lists, each channel variant) and with the worker's rule for which findings
 * block, without moving any post: for a caller that writes history rather than a live submission
 * (the demo seed backdates its scan jobs). The rows are returned, not stored; revisions by id.
 */
export async function scanTextRevisions(orgId: string, revisions: TextRevision[], deps: Pick<ScanDeps, "scanText"> = {}): Promise<Map<string, TextRevisionScan>> {
  const context = await loadOrgScanContext(orgId);
  const out = new Map<string, TextRevisionScan>();
  for (const r of revisions) {
    const scan = await scanRevision({ text: r.text, channelTexts: r.channelTexts ?? {}, mediaIds: [] }, [], context.config, deps);
    const { rows } = findingRows(scan, context.policy.blockingTypes, { orgId, postId: r.postId, revisionId: r.id });
    out.set(r.id, { verdict: scan.verdict, reasons: scan.reasons, findings: rows });
  }
  return out;
}
