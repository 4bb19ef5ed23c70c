#!/usr/bin/env node
// npm run eval:images [-- --json] [--keep PRED.jsonl]
// Runs the scan CLI on ../shared/eval/images.jsonl (relative to the repo root) and prints
// score-images.mjs's metrics. --keep writes the CLI's predictions to a file for inspection.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const evalDir = resolve(repoRoot, "..", "shared", "eval");
const args = process.argv.slice(2);
const asJson = args.includes("--json");
const keep = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : undefined;
const gold = join(evalDir, "images.jsonl");
if (!existsSync(gold)) {
  console.error(`image eval set not found at ${gold} (a laptop clone may not have ../shared/eval)`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "vetted-eval-img-"));
try {
  const started = Date.now();
  // spawnSync, not execFileSync: the CLI exits 1 when some image fails, and the other lines still count.
  const run = spawnSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "packages", "scanner", "src", "cli.ts"), gold], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
  });
  if (run.stderr) process.stderr.write(run.stderr);
  const predPath = keep ? resolve(keep) : join(work, "pred.jsonl");
  writeFileSync(predPath, run.stdout);
  const score = spawnSync(process.execPath, [join(evalDir, "score-images.mjs"), gold, predPath, ...(asJson ? ["--json"] : [])], { encoding: "utf8" });
  process.stdout.write(score.stdout);
  if (score.stderr) process.stderr.write(score.stderr);
  if (!asJson) console.log(`wall_seconds: ${((Date.now() - started) / 1000).toFixed(1)}`);
  process.exitCode = score.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
