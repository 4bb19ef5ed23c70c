// The figures every bench hands to `npm run bench` (scripts/bench-all.ts): one row per measure, with
// its target, written as JSON to the file named by `--json <file>`. A bench still prints its own
// detailed output; the rows are what the summary table, bench-results/ and BENCHMARKS.md keep.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Comparator = "<=" | ">=" | "==";
export type BenchMode = "full" | "smoke";

export interface BenchRow {
  measure: string;
  /** null: nothing to measure (a part skipped, no data); `note` says why. */
  value: number | null;
  unit: string;
  target: number | null;
  comparator: Comparator | null;
  /** null: no target, no value, or a smoke run (smoke values are never judged). */
  met: boolean | null;
  note?: string;
}

export interface BenchReport {
  bench: string;
  mode: BenchMode;
  rows: BenchRow[];
  /** How the figures were taken (corpus, stand-ins, sizes): printed under the table. */
  notes: string[];
}

export interface BenchArgs {
  smoke: boolean;
  /** Where to write the report, when the runner asked for one. */
  json?: string;
  /** `--name=value` options, by name. */
  options: Map<string, string>;
}

/** `--smoke`, `--json <file>` or `--json=<file>`, and other `--name=value` options. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const options = new Map<string, string>();
  let smoke = false;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--smoke") smoke = true;
    else if (arg === "--json") {
      json = argv[++i];
      if (!json || json.startsWith("--")) throw new Error("--json needs a file name");
    } else if (arg.startsWith("--json=")) json = arg.slice("--json=".length);
    else if (arg.startsWith("--") && arg.includes("=")) options.set(arg.slice(2, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1));
    else throw new Error(`unknown argument "${arg}" (benches take --smoke, --json <file> and --name=value options)`);
  }
  return { smoke, ...(json ? { json } : {}), options };
}

/** A positive number option, or `fallback` when it is absent. */
export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

export function meets(value: number, comparator: Comparator, target: number): boolean {
  if (comparator === "<=") return value <= target;
  if (comparator === ">=") return value >= target;
  return value === target;
}

/** A measured row; with a target it is judged (NaN, i.e. no data, never meets one). */
export function measured(measure: string, value: number, unit: string, target?: { comparator: Comparator; value: number }): BenchRow {
  const known = Number.isFinite(value);
  return {
    measure,
    value: known ? value : null,
    unit,
    target: target?.value ?? null,
    comparator: target?.comparator ?? null,
    met: target ? known && meets(value, target.comparator, target.value) : null,
    ...(known ? {} : { note: "no data" }),
  };
}

/** A row for a part that was not measured, saying why (e.g. the web layer in smoke mode). */
export function notMeasured(measure: string, note: string): BenchRow {
  return { measure, value: null, unit: "", target: null, comparator: null, met: null, note };
}

/** Writes the report when `--json` asked for one; a smoke run's rows are not judged. */
export function writeReport(args: BenchArgs, report: Omit<BenchReport, "mode">): void {
  if (!args.json) return;
  const mode: BenchMode = args.smoke ? "smoke" : "full";
  const rows = args.smoke ? report.rows.map((r) => ({ ...r, met: null })) : report.rows;
  mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify({ ...report, mode, rows } satisfies BenchReport, null, 2)}\n`);
}
