#!/usr/bin/env node
// npm run eval:text [-- --split odd|even] [--json]   |   npm run eval:text -- --cv [--folds 5] [--json] [--keep DIR]
// Runs the scan CLI on ../shared/eval/dev.jsonl (relative to the repo root) and prints score.mjs's
// metrics. --split keeps every other record, for a develop-on-one-half / check-on-the-other discipline.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const evalDir = resolve(repoRoot, "..", "shared", "eval");
const args = process.argv.slice(2);
const split = args.includes("--split") ? args[args.indexOf("--split") + 1] : undefined;
const asJson = args.includes("--json");
if (!existsSync(join(evalDir, "dev.jsonl"))) {
  console.error(`eval set not found at ${evalDir} (a laptop clone may not have ../shared/eval)`);
  process.exit(2);
}

// --cv: held-out figures (k-fold over dev + dev-2a + dev-2b, cross-file, n-gram baseline); see cv-text.ts.
if (args.includes("--cv")) {
  const cvArgs = args.filter((a) => a !== "--cv");
  execFileSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "packages", "scanner", "scripts", "cv-text.ts"), ...cvArgs], { cwd: repoRoot, stdio: "inherit" });
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "vetted-eval-"));
try {
  let gold = join(evalDir, "dev.jsonl");
  if (split) {
    const keep = split === "odd" ? 1 : 0;
    const lines = readFileSync(gold, "utf8").split("\n").filter((l) => l.trim());
    gold = join(work, `dev-${split}.jsonl`);
    writeFileSync(gold, lines.filter((_, i) => i % 2 === keep).join("\n") + "\n");
  }
  const predictions = execFileSync(process.execPath, [join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), join(repoRoot, "packages", "scanner", "src", "cli.ts"), gold], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
  });
  const predPath = join(work, "pred.jsonl");
  writeFileSync(predPath, predictions);
  const scoreArgs = [join(evalDir, "score.mjs"), gold, predPath, ...(asJson ? ["--json"] : [])];
  process.stdout.write(execFileSync(process.execPath, scoreArgs, { encoding: "utf8" }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
