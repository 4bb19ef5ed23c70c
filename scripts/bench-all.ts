// npm run bench — every benchmark, one after the other, each in its own process (its detailed output
// shown as it runs and kept in <out>/<bench>.log), then ONE table: measure, value, target, met, with
// the machine and its load before and after. Writes <out>/latest.json and <out>/latest.md
// (out: bench-results/). A bench that fails to run is a "failed to run" row and exit code 1, never
// skipped; a full run that misses a target exits 1 too.
//   --smoke          tiny sizes, the whole path still run (databases, seed, worker; the web stand-in
//                    instead of next start); values are not judged. `npm test` runs this.
//   --record         also update BENCHMARKS.md (latest table + a history entry; with --only, the history only).
//   --only=a,b       just these benches.   --out=<dir>   results folder.
// A full run's web benches build the web app first when the build is missing or older than a source
// (scripts/harness/web-build.ts), so the figures are of this checkout's code.
// Adding a bench: one line in BENCHES (its npm script must accept --json <file> and --smoke).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeMachine, gitCommit, isBusy, loadAverage } from "./bench/machine";
import type { BenchReport } from "./bench/report";
import { allNotes, consoleTable, exitCode, markdownReport, recordRun, type BenchOutcome, type RunResult } from "./bench/summary";
import { ROOT } from "./bench/web";

interface BenchEntry {
  name: string;
  /** The root package.json script that runs it. */
  script: string;
}

const BENCHES: BenchEntry[] = [
  { name: "scanner", script: "bench:scanner" },
  { name: "images", script: "bench:images" },
  { name: "pipeline", script: "bench:pipeline" },
  { name: "comments", script: "bench:comments" },
  { name: "pages", script: "bench:pages" },
];

const argv = process.argv.slice(2);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const known = /^--(smoke|record|only=.+|out=.+)$/;
for (const a of argv) if (!known.test(a)) throw new Error(`unknown argument "${a}": use --smoke, --record, --only=a,b, --out=<dir>`);
const smoke = argv.includes("--smoke");
const only = option("only")?.split(",");
const outDir = path.resolve(ROOT, option("out") ?? "bench-results");
const selected = only ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
if (only && selected.length !== only.length) throw new Error(`--only names unknown benches; known: ${BENCHES.map((b) => b.name).join(", ")}`);
// A hung bench is stopped and reported; a full pipeline or comments run takes a few minutes.
const TIMEOUT_MS = (smoke ? 5 : 30) * 60_000;

/** Sends `signal` to a child's process group, if it is still there. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let current: number | undefined;
// Each bench runs in a process group of its own: stopping the runner (Ctrl-C) stops the bench too.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    signalGroup(current, "SIGTERM");
    process.exit(130);
  });
}

/** Runs `npm <args>` in its own process group, its output to the console and to the log file. */
function npm(args: string[], log: string): Promise<{ code: number | null; timedOut: boolean; seconds: number }> {
  const started = performance.now();
  const out = createWriteStream(log);
  const child = spawn("npm", args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  current = child.pid;
  child.stdout.on("data", (d: Buffer) => (process.stdout.write(d), out.write(d)));
  child.stderr.on("data", (d: Buffer) => (process.stderr.write(d), out.write(d)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(child.pid, "SIGTERM");
    setTimeout(() => signalGroup(child.pid, "SIGKILL"), 15_000).unref();
  }, TIMEOUT_MS);
  return new Promise((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      current = undefined;
      out.end();
      resolve({ code, timedOut, seconds: Math.round((performance.now() - started) / 100) / 10 });
    });
  });
}

function readReport(file: string, bench: string): BenchReport | string {
  if (!existsSync(file)) return "no report written";
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
    if (report.bench !== bench || !Array.isArray(report.rows)) return "malformed report";
    if (report.rows.length === 0) return "the report has no rows";
    if (report.mode !== (smoke ? "smoke" : "full")) return `report is of a ${report.mode} run`;
    return report;
  } catch (error) {
    return `unreadable report: ${error instanceof Error ? error.message : error}`;
  }
}

async function main(): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  const machine = describeMachine();
  const before = loadAverage();
  const { commit, dirty } = gitCommit(ROOT);
  const notes: string[] = [];
  console.log(`== npm run bench${smoke ? " (smoke)" : ""}: ${selected.map((b) => b.name).join(", ")}; load average ${before.join(" / ")}`);

  const benches: BenchOutcome[] = [];
  for (const bench of selected) {
    const file = path.join(outDir, `${bench.name}.json`);
    rmSync(file, { force: true });
    const base = { name: bench.name, script: bench.script, rows: [], notes: [] };
    console.log(`\n== ${bench.name}: npm run ${bench.script}${smoke ? " -- --smoke" : ""}`);
    const done = await npm(["run", "-s", bench.script, "--", "--json", file, ...(smoke ? ["--smoke"] : [])], path.join(outDir, `${bench.name}.log`));
    const report = done.timedOut ? `timed out after ${TIMEOUT_MS / 60_000} min` : readReport(file, bench.name);
    if (typeof report === "string") {
      benches.push({ ...base, status: "failed", exitCode: done.code, seconds: done.seconds, error: `${report} (exit code ${done.code}; see ${bench.name}.log)` });
    } else {
      benches.push({ ...base, status: "ran", exitCode: done.code, seconds: done.seconds, rows: report.rows, notes: [...report.notes, `ran in ${done.seconds} s${done.code ? `, exit code ${done.code}` : ""}`] });
    }
  }

  const after = loadAverage();
  // Judged on the load before the run only: the load after is mostly the benches' own (the pipeline
  // and comments benches keep both cores busy with web, worker and PostgreSQL), so it is shown, not judged.
  const busy = !smoke && isBusy(before[0]!, machine.cores);
  if (busy) notes.push(`the machine was busy (1-minute load average ${before[0]} before the run, on ${machine.cores} cores): timings are stretched by other work and are not a measurement`);
  const partial = selected.length < BENCHES.length;
  const result: RunResult = { date: new Date().toISOString(), commit, dirty, mode: smoke ? "smoke" : "full", partial, machine, load: { before, after }, busy, notes, benches };
  writeFileSync(path.join(outDir, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, "latest.md"), `${markdownReport(result)}\n`);
  console.log(`\n== Results (${smoke ? "smoke run, not a measurement" : partial ? "partial run" : "full run"}; written to ${outDir.startsWith(`${ROOT}/`) ? path.relative(ROOT, outDir) : outDir}/latest.json and latest.md)\n`);
  console.log(consoleTable(result));
  console.log("");
  for (const n of allNotes(result)) console.log(`- ${n}`);
  if (argv.includes("--record")) {
    const file = path.join(ROOT, "BENCHMARKS.md");
    writeFileSync(file, recordRun(readFileSync(file, "utf8"), result));
    console.log("\n== Recorded in BENCHMARKS.md");
  }
  return exitCode(result);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error("npm run bench failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
