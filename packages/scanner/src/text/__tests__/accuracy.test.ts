// Accuracy regression on the labelled dev corpus (../shared/eval relative to the repo root).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TextKind } from "../../types.js";
import { scanText } from "../index.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "..");
const evalDir = resolve(repoRoot, "..", "shared", "eval");
const present = existsSync(join(evalDir, "dev.jsonl")) && existsSync(join(evalDir, "score.mjs"));
if (!present) console.warn(`skipping dev accuracy test: ${evalDir} is absent (expected on CI, optional on a laptop)`);

describe.skipIf(!present)("dev corpus accuracy (../shared/eval/dev.jsonl)", () => {
  it("keeps block recall >= 0.98 and the clean false-flag rate <= 0.10", () => {
    const output = execFileSync(process.execPath, [join(repoRoot, "packages", "scanner", "scripts", "eval-text.mjs"), "--json"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    const metrics = JSON.parse(output.trim().split("\n").pop() ?? "{}") as { block_recall: number; allow_false_flag_rate: number; missing_predictions: number };
    expect(metrics.missing_predictions).toBe(0);
    expect(metrics.block_recall).toBeGreaterThanOrEqual(0.98);
    expect(metrics.allow_false_flag_rate).toBeLessThanOrEqual(0.1);
  });
});

// Sentences written for this project about other kinds of organizations (dental, behavioral
// health, senior living, pediatrics, pharmacy, home health, OB, eye care). Not from any corpus.
// probe3.jsonl also carries gold spans ("phi", as in SCHEMA.md), checked below.
describe.each(["probe.jsonl", "probe2.jsonl", "probe3.jsonl"])("own probe set %s", (file) => {
  it("flags >= 90% of PHI disclosures and <= 15% of clean texts", () => {
    const records = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures", file), "utf8")
      .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { text: string; kind: TextKind; verdict: string });
    const flagged = (r: { text: string; kind: TextKind }) => scanText(r.text, { kind: r.kind }).verdict !== "allow";
    const blocks = records.filter((r) => r.verdict === "block");
    const clean = records.filter((r) => r.verdict === "allow");
    expect(blocks.filter(flagged).length / blocks.length).toBeGreaterThanOrEqual(0.9);
    expect(clean.filter(flagged).length / clean.length).toBeLessThanOrEqual(0.15);
  });
});

describe("own probe set probe3.jsonl spans", () => {
  it("finds >= 85% of the gold PHI spans (any type, overlap)", () => {
    const records = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures", "probe3.jsonl"), "utf8")
      .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { text: string; kind: TextKind; phi: { start: number; end: number }[] });
    let gold = 0;
    let hit = 0;
    for (const record of records) {
      const findings = scanText(record.text, { kind: record.kind }).findings;
      for (const span of record.phi) {
        gold++;
        if (findings.some((f) => f.start < span.end && span.start < f.end)) hit++;
      }
    }
    expect(gold).toBeGreaterThan(50);
    expect(hit / gold).toBeGreaterThanOrEqual(0.85);
  });
});
