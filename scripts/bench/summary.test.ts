import { describe, expect, it } from "vitest";
import { isBusy } from "./machine";
import { measured, notMeasured } from "./report";
import { consoleTable, exitCode, HISTORY_END, LATEST_END, LATEST_START, markdownTable, recordRun, tableLines, type RunResult } from "./summary";

const machine = { cores: 2, cpu: "Test CPU", memoryGb: 8, node: "v20.20.2", os: "Linux 6" };

function run(over: Partial<RunResult> = {}): RunResult {
  return {
    date: "2026-12-06T20:15:00.000Z",
    commit: "abc1234567",
    dirty: false,
    mode: "full",
    machine,
    load: { before: [0.4, 0.5, 0.6], after: [1.1, 0.7, 0.6] },
    busy: false,
    notes: [],
    benches: [
      {
        name: "images",
        script: "bench:images",
        status: "ran",
        exitCode: 0,
        seconds: 20,
        rows: [measured("cold start", 2400, "ms", { comparator: "<=", value: 3000 }), measured("peak RSS", 1200, "MB", { comparator: "<=", value: 1000 }), measured("first scan", 1300, "ms")],
        notes: ["one core"],
      },
      { name: "comments", script: "bench:comments", status: "failed", exitCode: 1, seconds: 3, error: "no report written (exit code 1; see comments.log)", rows: [], notes: [] },
    ],
    ...over,
  };
}

describe("the bench summary table", () => {
  it("has one line per row, a failed bench as one 'failed to run' line, and verdicts only where there is a target", () => {
    expect(tableLines(run())).toEqual([
      ["images", "cold start", "2,400 ms", "≤ 3,000 ms", "met"],
      ["images", "peak RSS", "1,200 MB", "≤ 1,000 MB", "NOT met"],
      ["images", "first scan", "1,300 ms", "—", "—"],
      ["comments", "failed to run", "no report written (exit code 1; see comments.log)", "—", "FAILED"],
    ]);
  });

  it("judges nothing in a smoke run and shows a part that was not measured by its note", () => {
    const smoke = run({ mode: "smoke" });
    smoke.benches[0]!.rows.push(notMeasured("web layer (next start)", "not run: stand-in"));
    const lines = tableLines(smoke);
    expect(lines[0]![4]).toBe("not judged (smoke)");
    expect(lines[3]).toEqual(["images", "web layer (next start)", "not run: stand-in", "—", "—"]);
  });

  it("renders Markdown and console tables with every line", () => {
    const md = markdownTable(run()).split("\n");
    expect(md[0]).toBe("| bench | measure | value | target | met |");
    expect(md).toHaveLength(2 + 4);
    const text = consoleTable(run()).split("\n");
    expect(text).toHaveLength(2 + 4);
    expect(text[3]).toMatch(/^images +peak RSS +1,200 MB +≤ 1,000 MB +NOT met$/);
  });

  it("exits 1 when a bench failed to run, or a full run missed a target; a smoke run only on failures", () => {
    expect(exitCode(run())).toBe(1);
    const ran = run();
    ran.benches = [ran.benches[0]!];
    expect(exitCode(ran)).toBe(1); // peak RSS missed
    ran.benches[0]!.rows = [ran.benches[0]!.rows[0]!];
    expect(exitCode(ran)).toBe(0);
    const smoke = run({ mode: "smoke" });
    smoke.benches = smoke.benches.map((b) => ({ ...b, rows: b.rows.map((r) => ({ ...r, met: null })) }));
    expect(exitCode(smoke)).toBe(1);
    smoke.benches = [smoke.benches[0]!];
    expect(exitCode(smoke)).toBe(0);
  });

  it("calls a machine busy above three quarters of its cores", () => {
    expect(isBusy(1.4, 2)).toBe(false);
    expect(isBusy(1.6, 2)).toBe(true);
  });
});

describe("recording a run in BENCHMARKS.md", () => {
  const doc = `# Benchmarks\n\nintro\n\n${LATEST_START}\nold table\n${LATEST_END}\n\n## History\n\n### older run\n\n${HISTORY_END}\n`;

  it("replaces the latest section and appends the run to the history, oldest first", () => {
    const once = recordRun(doc, run());
    expect(once).not.toContain("old table");
    const latest = once.slice(once.indexOf(LATEST_START), once.indexOf(LATEST_END));
    expect(latest).toContain("2026-12-06 20:15 UTC · commit abc1234567 · full run");
    expect(latest).toContain("2 cores, Test CPU, 8 GB RAM, Node v20.20.2, Linux 6; load average (1 / 5 min) 0.4 / 0.5 before, 1.1 / 0.7 after");
    expect(latest).toContain("| images | peak RSS | 1,200 MB | ≤ 1,000 MB | NOT met |");
    expect(latest).toContain("- images: one core");
    const history = once.slice(once.indexOf("## History"));
    expect(history.indexOf("### older run")).toBeLessThan(history.indexOf("### 2026-12-06 20:15 UTC"));

    const twice = recordRun(once, run({ date: "2026-12-07T08:00:00.000Z", mode: "smoke", dirty: true }));
    expect(twice.match(/^### /gm)).toHaveLength(3);
    expect(twice).toContain("### 2026-12-07 08:00 UTC · commit abc1234567 + uncommitted changes · **smoke run, not a measurement**");
    expect(twice.endsWith(`${HISTORY_END}\n`)).toBe(true);
  });

  it("keeps a partial run (--only) in the history, named so, and the latest section as it was", () => {
    const partial = recordRun(doc, run({ partial: true }));
    expect(partial).toContain("old table");
    expect(partial).toContain("### 2026-12-06 20:15 UTC · commit abc1234567 · partial run (images, comments only)");
    expect(recordRun(doc, run({ partial: true, busy: true }))).toContain("partial run (images, comments only) on a **busy machine: figures not reliable**");
  });

  it("marks a full run on a busy machine as not reliable", () => {
    expect(recordRun(doc, run({ busy: true }))).toContain("full run on a **busy machine: figures not reliable**");
  });

  it("refuses a file without its markers rather than guessing where the table goes", () => {
    expect(() => recordRun("# Benchmarks\n", run())).toThrow(/lacks the markers/);
  });
});
