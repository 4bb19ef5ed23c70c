import { describe, expect, it } from "vitest";
import { checkTargets, countOutcomes, hideLatencies, percentile, reportRows, spread, timingTable, verdictLines } from "./stats";

describe("bench statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
    expect(spread([3, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, max: 3 });
  });

  it("counts lost, double, missing and wrong hides per comment", () => {
    const counts = countOutcomes([
      { commentId: "a", phi: true, stored: true, hides: 1 },
      { commentId: "b", phi: true, stored: true, hides: 2 },
      { commentId: "c", phi: true, stored: false, hides: 0 },
      { commentId: "d", phi: false, stored: true, hides: 0 },
      { commentId: "e", phi: false, stored: true, hides: 1 },
    ]);
    expect(counts).toEqual({ comments: 5, phi: 3, lost: 1, doubleHidden: 1, notHidden: 1, wronglyHidden: 1 });
  });

  it("measures delivery → hidden from the first POST of each PHI comment", () => {
    const first = new Map([["a", 100], ["b", 200], ["c", 300]]);
    const hidden = new Map([["a", 450], ["b", 1200]]);
    expect(hideLatencies(first, hidden, ["a", "b", "c"])).toEqual([350, 1000]);
  });

  it("says met only when every target is met, and prints one line per target plus a summary", () => {
    const good = countOutcomes([{ commentId: "a", phi: true, stored: true, hides: 1 }, { commentId: "b", phi: false, stored: true, hides: 0 }]);
    const fast = spread([10, 20, 30]);
    const checks = checkTargets(good, fast, spread([500, 900]), 0);
    expect(checks.every((c) => c.met)).toBe(true);
    expect(verdictLines(checks).at(-1)).toBe("targets met");

    const slow = checkTargets(good, spread([150, 160]), spread([2500]), 0);
    expect(slow.filter((c) => !c.met).map((c) => c.label)).toEqual(["webhook answer p95 <= 100 ms", "delivery -> hidden p95 <= 2000 ms"]);
    const lines = verdictLines(slow);
    expect(lines).toContain("  webhook answer p95 <= 100 ms: 160 ms, NOT met");
    expect(lines.at(-1)).toBe("targets NOT met");
    // No timings at all (nothing hidden) is not "met".
    expect(checkTargets(good, fast, spread([]), 0).find((c) => c.label.startsWith("delivery"))).toMatchObject({ value: "no data", met: false });
    expect(checkTargets(good, fast, fast, 3).find((c) => c.label.startsWith("every delivery"))?.met).toBe(false);
  });

  it("prints a Markdown table", () => {
    const table = timingTable([["webhook answer", spread([1, 2, 3])]]).split("\n");
    expect(table).toHaveLength(3);
    expect(table[2]).toMatch(/^\| webhook answer +\| +3 \| +2\.0 \| +3\.0 \| +3\.0 \|$/);
  });

  it("gives the runner one row per target, judged like the verdict lines", () => {
    const good = countOutcomes([{ commentId: "a", phi: true, stored: true, hides: 1 }, { commentId: "b", phi: false, stored: false, hides: 0 }]);
    const rows = reportRows(good, spread([150, 160]), spread([]), 0);
    const byMeasure = new Map(rows.map((r) => [r.measure, r]));
    expect(byMeasure.get("comments lost")).toMatchObject({ value: 1, target: 0, comparator: "==", met: false });
    expect(byMeasure.get("webhook answer p95")).toMatchObject({ value: 160, unit: "ms", target: 100, met: false });
    expect(byMeasure.get("delivery → hidden p95")).toMatchObject({ value: null, met: false, note: "no data" });
    expect(byMeasure.get("webhook answer p50")).toMatchObject({ value: 150, target: null, met: null });
    expect(byMeasure.get("PHI comments never hidden")?.met).toBe(true);
  });
});
