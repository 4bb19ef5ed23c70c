import type { Channel } from "@vetted/db";
import { scanText, type Channel as ScannerChannel, type OrgScanConfig, type Verdict } from "@vetted/scanner";

export interface CommentScan {
  verdict: Verdict;
  /** Types and UTF-16 offsets only: the text stays in its envelope. */
  findings: { type: string; start: number; end: number }[];
  types: string[];
}

const CHANNEL: Partial<Record<Channel, ScannerChannel>> = {
  FACEBOOK: "facebook", INSTAGRAM: "instagram", X: "x", LINKEDIN: "linkedin", TIKTOK: "tiktok", PRIVATE_GROUP: "private_group",
};

/** The scanner's name for a platform (PRIVATE_GROUP included), or undefined when it has none. */
export const scannerChannel = (platform: Channel): ScannerChannel | undefined => CHANNEL[platform];

/** A comment (or a reply in a thread) through the text scanner, read as a comment, with the org's lists. */
export function scanComment(text: string, platform: Channel, config: OrgScanConfig): CommentScan {
  const channel = CHANNEL[platform];
  const result = scanText(text, { kind: "comment", config, ...(channel ? { channel } : {}) });
  const findings = result.findings.map((f) => ({ type: f.type, start: f.start, end: f.end }));
  return { verdict: result.verdict, findings, types: [...new Set(findings.map((f) => f.type))].sort() };
}
