// The one table `npm run bench` ends with (measure, value, target, met), the Markdown written to
// bench-results/latest.md, and the BENCHMARKS.md update of `--record`. Pure: the runner does the I/O.
import type { BenchMode, BenchRow } from "./report";
import { machineLine, type Machine } from "./machine";

export interface BenchOutcome {
  name: string;
  script: string;
  /** "failed": no report came back (crash, timeout, missing build…); `error` says how. */
  status: "ran" | "failed";
  exitCode: number | null;
  seconds: number;
  error?: string;
  rows: BenchRow[];
  notes: string[];
}

export interface RunResult {
  date: string;
  commit: string | null;
  dirty: boolean;
  mode: BenchMode;
  machine: Machine;
  load: { before: number[]; after: number[] };
  busy: boolean;
  /** Only some benches ran (`--only`): kept in the history, never the latest full table. */
  partial?: boolean;
  notes: string[];
  benches: BenchOutcome[];
}

const SYMBOL = { "<=": "≤", ">=": "≥", "==": "=" } as const;

const number = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 4 });
export const formatValue = (r: BenchRow): string => (r.value === null ? (r.note ?? "—") : `${number(r.value)} ${r.unit}`.trim());
export const formatTarget = (r: BenchRow): string => (r.target === null || !r.comparator ? "—" : `${SYMBOL[r.comparator]} ${number(r.target)} ${r.unit}`.trim());

export function verdict(r: BenchRow, mode: BenchMode): string {
  if (r.target === null) return "—";
  if (mode === "smoke") return "not judged (smoke)";
  return r.met ? "met" : "NOT met";
}

/** bench, measure, value, target, met: one line per row, one "failed to run" line per failed bench. */
export function tableLines(result: RunResult): string[][] {
  const lines: string[][] = [];
  for (const b of result.benches) {
    if (b.status === "failed") lines.push([b.name, "failed to run", b.error ?? `exit code ${b.exitCode}`, "—", "FAILED"]);
    else for (const r of b.rows) lines.push([b.name, r.measure, formatValue(r), formatTarget(r), verdict(r, result.mode)]);
  }
  return lines;
}

const HEADER = ["bench", "measure", "value", "target", "met"];
const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function markdownTable(result: RunResult): string {
  const rows = [HEADER, HEADER.map((_, i) => (i === 2 || i === 3 ? "---:" : "---")), ...tableLines(result)];
  return rows.map((cells) => `| ${cells.map(escapeCell).join(" | ")} |`).join("\n");
}

/** The console table: padded columns, long failure messages cut to their first line. */
export function consoleTable(result: RunResult): string {
  const rows = [HEADER, ...tableLines(result).map((cells) => cells.map((c) => c.split("\n")[0]!.slice(0, 90)))];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function runTitle(result: RunResult): string {
  const commit = result.commit ? `commit ${result.commit}${result.dirty ? " + uncommitted changes" : ""}` : "no git commit";
  const size = result.partial ? `partial run (${result.benches.map((b) => b.name).join(", ")} only)` : "full run";
  const kind = result.mode === "smoke" ? "**smoke run, not a measurement**" : result.busy ? `${size} on a **busy machine: figures not reliable**` : size;
  return `${result.date.slice(0, 16).replace("T", " ")} UTC · ${commit} · ${kind}`;
}

export function machineSummary(result: RunResult): string {
  const [b1, b5] = result.load.before;
  const [a1, a5] = result.load.after;
  return `${machineLine(result.machine)}; load average (1 / 5 min) ${b1} / ${b5} before, ${a1} / ${a5} after`;
}

/** Notes: the run's own, then each bench's, prefixed with its name. */
export function allNotes(result: RunResult): string[] {
  return [...result.notes, ...result.benches.flatMap((b) => b.notes.map((n) => `${b.name}: ${n}`))];
}

export function markdownReport(result: RunResult): string {
  const notes = allNotes(result).map((n) => `- ${n}`);
  return [`${runTitle(result)}`, "", machineSummary(result), "", markdownTable(result), ...(notes.length ? ["", ...notes] : [])].join("\n");
}

export const LATEST_START = "<!-- bench:latest:start -->";
export const LATEST_END = "<!-- bench:latest:end -->";
export const HISTORY_END = "<!-- bench:history:end -->";

/**
 * BENCHMARKS.md after `--record`: the latest section replaced by this run, and the run appended to the
 * history (oldest first), so a regression shows in the diff. A partial run (`--only`) goes to the history
 * only: the latest section stays the last run of every bench. The markers must be there.
 */
export function recordRun(existing: string, result: RunResult): string {
  const start = existing.indexOf(LATEST_START);
  const end = existing.indexOf(LATEST_END);
  const historyEnd = existing.indexOf(HISTORY_END);
  if (start < 0 || end < start || historyEnd < end) throw new Error(`BENCHMARKS.md lacks the markers ${LATEST_START}, ${LATEST_END} and ${HISTORY_END} (in that order)`);
  const report = markdownReport(result);
  const entry = `### ${runTitle(result)}\n\n${machineSummary(result)}\n\n${markdownTable(result)}\n\n`;
  if (result.partial) return `${existing.slice(0, historyEnd)}${entry}${existing.slice(historyEnd)}`;
  return `${existing.slice(0, start + LATEST_START.length)}\n${report}\n${existing.slice(end, historyEnd)}${entry}${existing.slice(historyEnd)}`;
}

/** 1 when a bench failed to run, or (full runs only) a target was missed; else 0. */
export function exitCode(result: RunResult): number {
  if (result.benches.some((b) => b.status === "failed")) return 1;
  if (result.mode === "full" && result.benches.some((b) => b.rows.some((r) => r.met === false))) return 1;
  return 0;
}
