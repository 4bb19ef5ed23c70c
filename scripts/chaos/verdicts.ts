// What `npm run chaos` concludes from what it observed: pure functions over plain data, so the rules
// (which scan states are final, what counts as a duplicate mail, which duplicate the design allows)
// are unit-tested apart from the processes.

/** A ScanJob in one of these is done; its post has left SCANNING (IN_REVIEW, or SCAN_FAILED for FAILED). */
export const FINAL_SCAN_STATUSES = ["SUCCEEDED", "FAILED", "SUPERSEDED"] as const;

export interface PostOutcome {
  postId: string;
  state: string;
  /** The status of the post's newest ScanJob, null when it has none. */
  scanStatus: string | null;
}

export interface ScanTally {
  posts: number;
  final: number;
  /** Scans that failed for good: every chaos post is scannable, so each one is a scan a fault lost. */
  failed: number;
  byState: Record<string, number>;
}

export const isFinal = (p: PostOutcome) => p.state !== "SCANNING" && FINAL_SCAN_STATUSES.some((s) => s === p.scanStatus);

export function tallyScans(posts: readonly PostOutcome[]): ScanTally {
  const byState: Record<string, number> = {};
  for (const p of posts) byState[p.state] = (byState[p.state] ?? 0) + 1;
  return { posts: posts.length, final: posts.filter(isFinal).length, failed: posts.filter((p) => p.scanStatus === "FAILED").length, byState };
}

export interface MailRow {
  id: string;
  sentAtMs: number | null;
  dead: boolean;
  attempts: number;
}

/** One message the SMTP sink accepted; mailId is the outbox row its Message-ID names (null: not ours). */
export interface Receipt {
  mailId: string | null;
  acceptedAt: number;
}

export interface MailTally {
  rows: number;
  sent: number;
  dead: number;
  /** Rows neither sent nor dead yet. */
  unsent: number;
  /** Rows received exactly once. */
  once: number;
  /** Rows marked sent that the sink never received. */
  missing: number;
  /** Rows received more than once, split by whether the design explains it. */
  duplicatedInCrashWindow: string[];
  duplicatedOtherwise: string[];
  /** Messages whose Message-ID names no outbox row. */
  unknownReceipts: number;
}

/**
 * Sending is at-least-once: a worker killed (SIGKILL) after the SMTP server accepted a message but
 * before it marked the row sent leaves the row claimed; when the claim lapses another worker sends
 * it again. Such a duplicate has its first copy accepted at or before a kill, and the row marked sent
 * after that kill. Any other duplicate (two live senders, a graceful stop) is a bug.
 */
export function inCrashWindow(receipts: readonly number[], sentAtMs: number | null, killTimes: readonly number[]): boolean {
  const first = Math.min(...receipts);
  return sentAtMs !== null && killTimes.some((kill) => first <= kill && kill <= sentAtMs);
}

export function tallyMails(rows: readonly MailRow[], receipts: readonly Receipt[], killTimes: readonly number[]): MailTally {
  const byRow = new Map<string, number[]>();
  let unknownReceipts = 0;
  const ids = new Set(rows.map((r) => r.id));
  for (const r of receipts) {
    if (r.mailId === null || !ids.has(r.mailId)) unknownReceipts++;
    else byRow.set(r.mailId, [...(byRow.get(r.mailId) ?? []), r.acceptedAt]);
  }
  const tally: MailTally = { rows: rows.length, sent: 0, dead: 0, unsent: 0, once: 0, missing: 0, duplicatedInCrashWindow: [], duplicatedOtherwise: [], unknownReceipts };
  for (const row of rows) {
    const got = byRow.get(row.id) ?? [];
    if (row.sentAtMs !== null) tally.sent++;
    else if (row.dead) tally.dead++;
    else tally.unsent++;
    if (got.length === 1) tally.once++;
    if (got.length === 0 && row.sentAtMs !== null) tally.missing++;
    if (got.length > 1) (inCrashWindow(got, row.sentAtMs, killTimes) ? tally.duplicatedInCrashWindow : tally.duplicatedOtherwise).push(row.id);
  }
  return tally;
}

export interface ChainCheck {
  chain: string;
  ok: boolean;
  events: number;
  /** The seq of the signed checkpoint the chain was held against, null when it has none. */
  checkpointSeq: number | null;
  reason?: string;
}

export interface ProcessHistory {
  name: string;
  starts: number;
  unexpectedExits: number;
  everyStartHealthy: boolean;
}

export interface Check {
  label: string;
  value: string;
  /** null: reported, not a pass/fail target. */
  met: boolean | null;
}

export interface Observed {
  scans: ScanTally;
  mails: MailTally;
  chains: readonly ChainCheck[];
  /** The web app and the workers. */
  processes: readonly ProcessHistory[];
  /** Submits made while Redis was down: how many the web accepted (it must: the outbox holds them). */
  outageSubmits: { tried: number; accepted: number };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function chaosChecks(o: Observed): Check[] {
  const states = Object.entries(o.scans.byState).sort().map(([s, n]) => `${s} ${n}`).join(", ");
  const { mails } = o;
  const badChains = o.chains.filter((c) => !c.ok);
  const crashes = o.processes.reduce((n, p) => n + p.unexpectedExits, 0);
  return [
    { label: "every post reached a final scan state", value: `${o.scans.final} of ${o.scans.posts} (${states || "none"})`, met: o.scans.posts > 0 && o.scans.final === o.scans.posts },
    { label: "no scan lost to a fault (none FAILED)", value: String(o.scans.failed), met: o.scans.failed === 0 },
    { label: "posts submitted while Redis was down accepted", value: `${o.outageSubmits.accepted} of ${o.outageSubmits.tried}`, met: o.outageSubmits.accepted === o.outageSubmits.tried },
    { label: "every outbox mail SENT", value: `${mails.sent} of ${mails.rows} (${mails.unsent} unsent, ${mails.dead} dead)`, met: mails.rows > 0 && mails.sent === mails.rows },
    {
      label: "every mail received exactly once",
      value: `${mails.once} once, ${mails.missing} missing, ${mails.duplicatedOtherwise.length} duplicated, ${mails.unknownReceipts} unknown`,
      // A copy resent after a SIGKILL is reported on the next row instead: the design allows it.
      met: mails.missing === 0 && mails.duplicatedOtherwise.length === 0 && mails.unknownReceipts === 0,
    },
    { label: "duplicates from a SIGKILL after SMTP accepted (at-least-once, by design)", value: String(mails.duplicatedInCrashWindow.length), met: null },
    {
      label: "every audit chain verifies (with its checkpoint)",
      value: badChains.length ? badChains.map((c) => `${c.chain}: ${c.reason ?? "broken"}`).join("; ") : `${plural(o.chains.length, "chain")}, ${o.chains.reduce((n, c) => n + c.events, 0)} events, ${o.chains.filter((c) => c.checkpointSeq !== null).length} held against a checkpoint`,
      met: o.chains.length > 0 && badChains.length === 0,
    },
    {
      label: "no crash or crash loop (web, workers)",
      value: `${plural(crashes, "unexpected exit")}; starts ${o.processes.map((p) => `${p.name} ${p.starts}`).join(", ")}${o.processes.every((p) => p.everyStartHealthy) ? ", each answered" : ", a start never answered"}`,
      met: o.processes.length > 0 && crashes === 0 && o.processes.every((p) => p.everyStartHealthy),
    },
  ];
}

/** The run passes when every target is met (reported rows do not count). */
export const passed = (checks: readonly Check[]) => checks.every((c) => c.met !== false);

/** A Markdown table: a header row, a rule, then the rows, columns padded to their widest cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const checksTable = (checks: readonly Check[]) =>
  markdownTable(["check", "result", "verdict"], checks.map((c) => [c.label, c.value, c.met === null ? "reported" : c.met ? "met" : "NOT met"]));
