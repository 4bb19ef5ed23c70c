// `npm run bench -- --smoke` inside the integration suite, so a bench that no longer runs from a fresh
// clone fails `npm test` instead of the weekly bench run: every bench's whole path (its own database,
// migrations, seed, worker, simulator, the web stand-in) at tiny sizes. The figures are not judged
// here, only that every bench ran and reported its rows. On the test's own database prefix and Redis db.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunResult } from "./bench/summary";

const ROOT = path.resolve(import.meta.dirname, "..");
const out = mkdtempSync(path.join(tmpdir(), "vetted-bench-smoke-"));
const testDatabase = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/vetted_test").pathname.slice(1);

/** Every `bench:<name>` script of the root package.json: the runner must run each one. */
function benchScripts(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return Object.keys(pkg.scripts).filter((s) => s.startsWith("bench:")).map((s) => s.slice("bench:".length));
}

function runSmoke(): Promise<{ code: number | null; output: string }> {
  const env = {
    ...process.env,
    BENCH_DB_PREFIX: `${testDatabase}_bench`,
    // The suite's own Redis db: the benches empty it first, and no other test file runs meanwhile.
    BENCH_REDIS_URL: process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1",
  };
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", "bench", "--", "--smoke", `--out=${out}`], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => void (output += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => void (output += d.toString("utf8")));
    child.once("close", (code) => resolve({ code, output }));
  });
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run bench -- --smoke", () => {
  it("runs every bench from scratch and collects the rows of each into one table", { timeout: 15 * 60_000 }, async () => {
    const { code, output } = await runSmoke();
    const tail = output.slice(-6000);
    expect(code, tail).toBe(0);
    const result = JSON.parse(readFileSync(path.join(out, "latest.json"), "utf8")) as RunResult;
    expect(result.mode).toBe("smoke");
    expect(result.benches.map((b) => b.name).sort()).toEqual(benchScripts().sort());
    for (const bench of result.benches) {
      expect(bench.status, `${bench.name}: ${bench.error}\n${tail}`).toBe("ran");
      expect(bench.rows.length, bench.name).toBeGreaterThan(0);
      for (const row of bench.rows) {
        expect(row.measure, bench.name).toMatch(/\S/);
        // A figure, or a note saying why there is none; never judged in smoke mode.
        expect(row.value !== null || !!row.note, `${bench.name}: ${row.measure}`).toBe(true);
        expect(row.met, `${bench.name}: ${row.measure}`).toBeNull();
      }
    }
    // Parts that cannot run before `next build` say so in a row of their own.
    for (const name of ["pipeline", "comments"]) {
      expect(result.benches.find((b) => b.name === name)?.rows.map((r) => r.measure)).toContain("web layer (next start)");
    }
    expect(output).toMatch(/^bench +measure +value +target +met$/m);
    expect(readFileSync(path.join(out, "latest.md"), "utf8")).toContain("**smoke run, not a measurement**");
  });
});
