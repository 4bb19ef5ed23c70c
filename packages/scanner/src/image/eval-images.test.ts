// Regression test on the shared dev image set with the real text scanner (issue #4 thresholds):
// block recall ≥ 0.90, clean false-flag rate ≤ 0.15, exact face count on ≥ 90% of images with faces.
// Scored by ../shared/eval/score-images.mjs itself so the numbers match `npm run eval:images`.
// Skipped with a message when ../shared/eval is absent (e.g. a laptop clone).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createImageScanner } from "./scanner.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const evalDir = path.resolve(repoRoot, "..", "shared", "eval");
const gold = path.join(evalDir, "images.jsonl");
const available = existsSync(gold) && existsSync(path.join(evalDir, "score-images.mjs"));
if (!available) console.warn(`[eval-images] skipped: ${gold} not found`);

describe.skipIf(!available)("image eval regression (shared dev set)", () => {
  it("meets the block-recall, false-flag and face-count thresholds", { timeout: 600_000 }, async () => {
    const records = readFileSync(gold, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; image: string });
    const scanner = await createImageScanner();
    const lines: string[] = [];
    try {
      for (const r of records) {
        const result = await scanner.scan(readFileSync(path.resolve(evalDir, r.image)));
        const findings = result.findings.map((f) => ({ type: f.type, text: f.text, ...(f.box ? { box: f.box } : {}), score: f.score }));
        lines.push(JSON.stringify({ id: r.id, verdict: result.verdict, findings, faces: result.faces }));
      }
    } finally {
      await scanner.close();
    }
    const work = mkdtempSync(path.join(tmpdir(), "vetted-img-eval-"));
    try {
      const pred = path.join(work, "pred.jsonl");
      writeFileSync(pred, `${lines.join("\n")}\n`);
      const run = spawnSync(process.execPath, [path.join(evalDir, "score-images.mjs"), gold, pred, "--json"], { encoding: "utf8" });
      const m = JSON.parse(run.stdout) as Record<string, unknown>;
      console.info(`[eval-images] ${JSON.stringify(m)}`);
      expect(m.missing_predictions).toBe(0);
      expect(m.block_recall as number).toBeGreaterThanOrEqual(0.9);
      expect(m.allow_false_flag_rate as number).toBeLessThanOrEqual(0.15);
      expect(m.face_count_exact as number).toBeGreaterThanOrEqual(0.9);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
