// Whether the scan of the post's current revision has an answer yet. Until it has, the post page
// must not say "nothing found" or "everyone shown is covered": no finding is not the same as clean.

export type ScanPhase = "done" | "scanning" | "failed" | "not-scanned";

const LIVE = new Set(["PENDING", "ENQUEUED", "RUNNING"]);

/** `scanStatus`: the ScanJob of the current revision, if any (a post has one per submitted revision). */
export function scanPhase(postState: string, scanStatus: string | null | undefined): ScanPhase {
  if (postState === "SCAN_FAILED" || scanStatus === "FAILED") return "failed";
  if (postState === "SCANNING" || (scanStatus && LIVE.has(scanStatus))) return "scanning";
  return scanStatus === "SUCCEEDED" ? "done" : "not-scanned";
}

/** What stands in for the findings while there are none to show (never a reassurance). */
export const PHASE_TEXT: Record<Exclude<ScanPhase, "done">, string> = {
  scanning: "Scanning… the findings appear when the scan of this revision finishes.",
  failed: "The scan failed: this revision has not been checked. Nothing here means it is clean.",
  "not-scanned": "Not scanned yet: the server scan runs when the post is submitted.",
};
