import type { RevisionScan, ScannedFinding } from "./scan-revision";

/** A Finding row of one revision, as the scan worker stores it (ids of org, post and revision added). */
export type FindingRow = Omit<ScannedFinding, "sourceVerdict"> & { orgId: string; postId: string; revisionId: string; blocking: boolean };

/**
 * The Finding rows of one scan. A finding blocks approval when its type is one of the policy's
 * blocking types; with none configured, when the scan it came from said "block". The blocking ones
 * are also returned by type and source (what coaching and the audit count).
 */
export function findingRows(scan: Pick<RevisionScan, "findings">, blockingTypes: readonly string[], at: { orgId: string; postId: string; revisionId: string }) {
  const types = new Set(blockingTypes);
  const rows: FindingRow[] = [];
  const blocking: { type: string; source: string }[] = [];
  for (const { sourceVerdict, ...f } of scan.findings) {
    const isBlocking = types.size > 0 ? types.has(f.type) : sourceVerdict === "block";
    if (isBlocking) blocking.push({ type: f.type, source: f.source });
    rows.push({ ...f, orgId: at.orgId, postId: at.postId, revisionId: at.revisionId, blocking: isBlocking });
  }
  return { rows, blocking };
}
