// Figures and verdicts of `npm run bench:comments`: percentiles, the outcome per comment (stored?
// hidden how many times?) and the targets.
import { measured, type BenchRow } from "../bench/report";

/** Nearest-rank percentile (p in 0..100) of a non-empty list; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : Number.NaN };
}

export interface CommentOutcome {
  commentId: string;
  phi: boolean;
  /** Whether the app stored it (a SocialComment row for its platform id). */
  stored: boolean;
  /** Successful hide calls the simulator recorded for it. */
  hides: number;
}

export interface OutcomeCounts {
  comments: number;
  phi: number;
  /** Comments the app never stored. */
  lost: number;
  /** PHI comments hidden more than once. */
  doubleHidden: number;
  /** PHI comments never hidden. */
  notHidden: number;
  /** Clean comments hidden anyway. */
  wronglyHidden: number;
}

export function countOutcomes(outcomes: readonly CommentOutcome[]): OutcomeCounts {
  return {
    comments: outcomes.length,
    phi: outcomes.filter((o) => o.phi).length,
    lost: outcomes.filter((o) => !o.stored).length,
    doubleHidden: outcomes.filter((o) => o.phi && o.hides > 1).length,
    notHidden: outcomes.filter((o) => o.phi && o.hides === 0).length,
    wronglyHidden: outcomes.filter((o) => !o.phi && o.hides > 0).length,
  };
}

/**
 * Delivery → hidden per PHI comment: from the start of the first POST that announced it (any verb,
 * any copy) to the simulator recording its first hide. Comments never hidden are left out (they
 * count as notHidden).
 */
export function hideLatencies(firstPostAt: ReadonlyMap<string, number>, hiddenAt: ReadonlyMap<string, number>, phiIds: Iterable<string>): number[] {
  const out: number[] = [];
  for (const id of phiIds) {
    const start = firstPostAt.get(id);
    const end = hiddenAt.get(id);
    if (start !== undefined && end !== undefined) out.push(end - start);
  }
  return out;
}

export const TARGETS = { lost: 0, doubleActions: 0, answerP95Ms: 100, hiddenP95Ms: 2000 } as const;

export interface Check {
  label: string;
  value: string;
  met: boolean;
}

export function checkTargets(o: OutcomeCounts, answer: Spread, hidden: Spread, failedPosts: number): Check[] {
  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : "no data");
  return [
    { label: "lost comments = 0", value: String(o.lost), met: o.lost === TARGETS.lost },
    { label: "double actions = 0 (PHI comment hidden more than once)", value: String(o.doubleHidden), met: o.doubleHidden === TARGETS.doubleActions },
    { label: "every PHI comment hidden exactly once", value: `${o.phi - o.notHidden - o.doubleHidden} of ${o.phi}`, met: o.notHidden === 0 && o.doubleHidden === 0 },
    { label: "no clean comment hidden", value: String(o.wronglyHidden), met: o.wronglyHidden === 0 },
    { label: "every delivery answered 2xx", value: `${failedPosts} failed`, met: failedPosts === 0 },
    { label: `webhook answer p95 <= ${TARGETS.answerP95Ms} ms`, value: ms(answer.p95), met: answer.p95 <= TARGETS.answerP95Ms },
    { label: `delivery -> hidden p95 <= ${TARGETS.hiddenP95Ms} ms`, value: ms(hidden.p95), met: hidden.p95 <= TARGETS.hiddenP95Ms },
  ];
}

/** A Markdown table of timings (milliseconds) like the other benches print. */
export function timingTable(rows: readonly (readonly [string, Spread])[]): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "-").padStart(9);
  const lines = [`| ${"measure".padEnd(32)} | ${"n".padStart(6)} | ${"p50 ms".padStart(9)} | ${"p95 ms".padStart(9)} | ${"max ms".padStart(9)} |`, `|${"-".repeat(34)}|-------:|----------:|----------:|----------:|`];
  for (const [label, s] of rows) lines.push(`| ${label.padEnd(32)} | ${String(s.n).padStart(6)} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.max)} |`);
  return lines.join("\n");
}

/** The verdict lines: each target "met" / "NOT met", then one summary line. */
export function verdictLines(checks: readonly Check[]): string[] {
  const lines = checks.map((c) => `  ${c.label}: ${c.value}, ${c.met ? "met" : "NOT met"}`);
  lines.push(checks.every((c) => c.met) ? "targets met" : "targets NOT met");
  return lines;
}

/** The same targets as report rows for `npm run bench` (scripts/bench/report.ts). */
export function reportRows(o: OutcomeCounts, answer: Spread, hidden: Spread, failedPosts: number): BenchRow[] {
  const ms = (v: number) => Math.round(v * 10) / 10;
  return [
    measured("comments lost", o.lost, "comments", { comparator: "==", value: TARGETS.lost }),
    measured("PHI comments hidden more than once", o.doubleHidden, "comments", { comparator: "==", value: TARGETS.doubleActions }),
    measured("PHI comments never hidden", o.notHidden, "comments", { comparator: "==", value: 0 }),
    measured("clean comments hidden", o.wronglyHidden, "comments", { comparator: "==", value: 0 }),
    measured("deliveries not answered 2xx", failedPosts, "deliveries", { comparator: "==", value: 0 }),
    measured("webhook answer p50", ms(answer.p50), "ms"),
    measured("webhook answer p95", ms(answer.p95), "ms", { comparator: "<=", value: TARGETS.answerP95Ms }),
    measured("delivery → hidden p50", ms(hidden.p50), "ms"),
    measured("delivery → hidden p95", ms(hidden.p95), "ms", { comparator: "<=", value: TARGETS.hiddenP95Ms }),
  ];
}
