import { describe, expect, it } from "vitest";
import { formatChange, formatFigure, hours, MEASURES, percent, quantile, trend } from "./report-measures";

describe("report figures", () => {
  it("interpolates quantiles between ranks (PERCENTILE.INC)", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([4, 2], 0.5)).toBe(3);
    // Sorted 2, 6, 10, 24, 48: the median is the middle one; p90 sits 60 % of the way from 24 to 48.
    expect(quantile([24, 2, 48, 6, 10], 0.5)).toBe(10);
    expect(quantile([24, 2, 48, 6, 10], 0.9)).toBeCloseTo(38.4, 10);
  });

  it("reads percentages and hours with one decimal", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBeNull();
    expect(hours(90 * 60_000)).toBe(1.5);
    expect(hours(38.44 * 3_600_000)).toBe(38.4);
  });

  it("writes figures and changes as a board reads them, with a real minus sign", () => {
    expect(formatFigure(null)).toBe("—");
    expect(formatFigure(12)).toBe("12");
    expect(formatFigure(8.25, "%")).toBe("8.3 %");
    expect(formatChange(25, 8.3, "%")).toBe("+16.7 pts");
    expect(formatChange(6.5, 12, "h")).toBe("−5.5 h");
    expect(formatChange(3, 3)).toBe("no change");
    expect(formatChange(3, null)).toBe("—");
    expect(formatChange(2, 5).startsWith("-")).toBe(false);
    expect([trend(2, 1), trend(1, 2), trend(1, 1), trend(null, 1)]).toEqual(["up", "down", "flat", null]);
  });

  it("names every figure once", () => {
    const keys = MEASURES.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
