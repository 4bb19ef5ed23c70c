import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { measured, notMeasured, numberOption, parseBenchArgs, writeReport, type BenchReport } from "./report";

describe("bench report rows", () => {
  it("judges a value against its target with the row's comparator", () => {
    expect(measured("p95", 90, "ms", { comparator: "<=", value: 100 }).met).toBe(true);
    expect(measured("p95", 101, "ms", { comparator: "<=", value: 100 }).met).toBe(false);
    expect(measured("rate", 199, "/s", { comparator: ">=", value: 200 }).met).toBe(false);
    expect(measured("lost", 0, "comments", { comparator: "==", value: 0 }).met).toBe(true);
    expect(measured("drain", 1200, "ms")).toEqual({ measure: "drain", value: 1200, unit: "ms", target: null, comparator: null, met: null });
  });

  it("never lets a missing figure meet a target", () => {
    expect(measured("p95", Number.NaN, "ms", { comparator: "<=", value: 100 })).toMatchObject({ value: null, met: false, note: "no data" });
    expect(notMeasured("web layer", "stand-in")).toMatchObject({ value: null, target: null, met: null, note: "stand-in" });
  });
});

describe("bench arguments", () => {
  it("reads --smoke, --json in both spellings and --name=value options", () => {
    const a = parseBenchArgs(["--smoke", "--json", "out/x.json", "--rate=20"]);
    expect(a).toMatchObject({ smoke: true, json: "out/x.json" });
    expect(numberOption(a, "rate", 50)).toBe(20);
    expect(numberOption(a, "seed", 12)).toBe(12);
    expect(parseBenchArgs(["--json=y.json"])).toMatchObject({ smoke: false, json: "y.json" });
  });

  it("refuses what it does not know, a --json without a file and a non-positive number", () => {
    expect(() => parseBenchArgs(["12"])).toThrow(/unknown argument "12"/);
    expect(() => parseBenchArgs(["--json"])).toThrow(/--json needs a file/);
    expect(() => parseBenchArgs(["--json", "--smoke"])).toThrow(/--json needs a file/);
    expect(() => numberOption(parseBenchArgs(["--runs=0"]), "runs", 12)).toThrow(/--runs must be a positive number/);
  });
});

describe("writeReport", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("writes the rows where --json says, and a smoke run's rows unjudged", () => {
    dir = mkdtempSync(path.join(tmpdir(), "bench-report-"));
    const rows = [measured("p95", 500, "ms", { comparator: "<=", value: 100 })];
    const full = path.join(dir, "nested", "full.json");
    writeReport(parseBenchArgs(["--json", full]), { bench: "x", rows, notes: ["n"] });
    expect(JSON.parse(readFileSync(full, "utf8"))).toEqual({ bench: "x", mode: "full", rows, notes: ["n"] } satisfies BenchReport);

    const smoke = path.join(dir, "smoke.json");
    writeReport(parseBenchArgs(["--smoke", `--json=${smoke}`]), { bench: "x", rows, notes: [] });
    const written = JSON.parse(readFileSync(smoke, "utf8")) as BenchReport;
    expect(written.mode).toBe("smoke");
    expect(written.rows[0]).toMatchObject({ value: 500, target: 100, met: null });
  });
});
