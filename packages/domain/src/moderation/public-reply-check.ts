import { scanText, type Channel as ScannerChannel, type OrgScanConfig, type Verdict } from "@vetted/scanner";
import type { StoredFinding } from "./inbox-common";

// The check every public reply goes through before it is sent (pure: the use case loads the inputs).
// A reply is refused when the scanner, reading it as an org's reply, says block or review (it
// confirms someone is a patient, names a condition, addresses a relative's care), or when it repeats
// words the scanner marked as PHI in the comment it answers ("hope the chemo helps, Dana" under
// Dana's comment about her chemo). The reasons name categories, never the words.

export interface ReplyAssessment {
  verdict: Verdict;
  /** Why it is refused; empty when it may be sent. */
  refusals: string[];
  /** The PHI types of the comment the reply repeats words of. */
  echoedTypes: string[];
}

// Words too common to count as an echo even inside a finding ("my husband", "last week").
const COMMON = new Set([
  "the", "and", "for", "with", "was", "were", "are", "has", "had", "have", "her", "his", "him", "she", "they", "them", "their", "our", "your",
  "you", "this", "that", "here", "there", "from", "who", "what", "when", "been", "last", "next", "week", "weeks", "day", "days", "today",
  "yesterday", "tomorrow", "month", "year", "years", "old", "ago", "not", "but", "all", "its", "one", "two", "mrs", "miss",
]);

const words = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !COMMON.has(w));

/** The comment's PHI words per type (the text of each finding, cut into words). */
export function phiWords(commentText: string, findings: StoredFinding[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    const set = out.get(f.type) ?? new Set<string>();
    for (const w of words(commentText.slice(f.start, f.end))) set.add(w);
    if (set.size > 0) out.set(f.type, set);
  }
  return out;
}

const typeWord = (type: string) => type.replaceAll("_", " ").toLowerCase();

export function assessPublicReply(
  reply: string,
  comment: { text: string | null; findings: StoredFinding[] },
  opts: { channel?: ScannerChannel; config?: OrgScanConfig },
): ReplyAssessment {
  const scan = scanText(reply, { kind: "reply", ...(opts.channel ? { channel: opts.channel } : {}), ...(opts.config ? { config: opts.config } : {}) });
  const refusals: string[] = [];
  if (scan.verdict !== "allow") {
    const why = scan.reasons.length ? scan.reasons.join("; ") : "it may disclose health information";
    refusals.push(`The scanner ${scan.verdict === "block" ? "blocks" : "flags"} this reply: ${why}`);
  }
  const replyWords = new Set(words(reply));
  const echoedTypes = comment.text
    ? [...phiWords(comment.text, comment.findings)].filter(([, set]) => [...set].some((w) => replyWords.has(w))).map(([type]) => type).sort()
    : [];
  if (echoedTypes.length > 0) refusals.push(`It repeats the commenter's ${echoedTypes.map(typeWord).join(" and ")} information from the comment`);
  return { verdict: scan.verdict, refusals, echoedTypes };
}
