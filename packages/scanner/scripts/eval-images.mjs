#!/usr/bin/env node
// npm run eval:images [-- --set images|images-2|all] [--json] [--keep DIR]
// Runs the scan CLI on the labelled image sets in ../shared/eval (relative to the repo root) and prints
// score-images.mjs's metrics: each set's full report, then one table with a column per set.
// --set picks one set (default: all sets found). --keep DIR writes each set's predictions to
// DIR/<set>.pred.jsonl for inspection. --json prints {set: metrics} instead of text.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SETS = ["images", "images-2"];
const TABLE = ["images", "block_recall", "block_recall_strict", "allow_false_flag_rate", "verdict_accuracy", "phi_text_found", "phi_text_recall", "finding_precision", "metadata_found", "face_count_exact", "wall_seconds"];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const evalDir = resolve(repoRoot, "..", "shared", "eval");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const asJson = args.includes("--json");
const keep = option("--keep");
const wanted = option("--set") ?? "all";
if (wanted !== "all" && !SETS.includes(wanted)) {
  console.error(`unknown --set ${wanted}: use one of ${SETS.join(", ")} or all`);
  process.exit(2);
}
const sets = (wanted === "all" ? SETS : [wanted]).filter((set) => existsSync(join(evalDir, `${set}.jsonl`)));
if (!sets.length) {
  console.error(`image eval sets not found in ${evalDir} (a laptop clone may not have ../shared/eval)`);
  process.exit(2);
}
if (keep) mkdirSync(resolve(keep), { recursive: true });

const work = mkdtempSync(join(tmpdir(), "vetted-eval-img-"));
const results = {};
let status = 0;
try {
  for (const set of sets) {
    const gold = join(evalDir, `${set}.jsonl`);
    const started = Date.now();
    // spawnSync, not execFileSync: the CLI exits 1 when some image fails, and the other lines still count.
    const run = spawnSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "packages", "scanner", "src", "cli.ts"), gold], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
      encoding: "utf8",
    });
    if (run.stderr) process.stderr.write(run.stderr);
    const wall = (Date.now() - started) / 1000;
    const predPath = keep ? join(resolve(keep), `${set}.pred.jsonl`) : join(work, `${set}.pred.jsonl`);
    writeFileSync(predPath, run.stdout);
    const score = spawnSync(process.execPath, [join(evalDir, "score-images.mjs"), gold, predPath, "--json"], { encoding: "utf8" });
    if (score.stderr) process.stderr.write(score.stderr);
    if (score.status !== 0) status = score.status ?? 1;
    results[set] = { ...JSON.parse(score.stdout || "{}"), wall_seconds: Number(wall.toFixed(1)) };
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (asJson) {
  console.log(JSON.stringify(results));
} else {
  for (const set of sets) {
    console.log(`== ${set}.jsonl`);
    for (const [k, v] of Object.entries(results[set])) {
      if (Array.isArray(v)) {
        console.log(`${k}: ${v.length ? "" : "(none)"}`);
        for (const item of v) console.log(`  - ${item}`);
      } else console.log(`${k}: ${v}`);
    }
    console.log("");
  }
  const width = Math.max(...TABLE.map((k) => k.length)) + 2;
  console.log(["metric".padEnd(width), ...sets.map((s) => s.padStart(10))].join(""));
  for (const key of TABLE) console.log([key.padEnd(width), ...sets.map((s) => String(results[s][key] ?? "-").padStart(10))].join(""));
}
process.exitCode = status;
