import { describe, expect, it } from "vitest";
import { countsByType, percentOf, summarizeScans, type DailyStats } from "./scan-summary";
import { statsWindow } from "./stats-window";

const now = new Date("2026-12-06T15:30:00Z");

describe("statsWindow", () => {
  it("is 84 UTC days ending today, in 12 weeks of 7, the last ending today", () => {
    const w = statsWindow(now);
    expect(w.days).toHaveLength(84);
    expect([w.first, w.today]).toEqual(["2026-09-14", "2026-12-06"]);
    expect(w.weeks).toHaveLength(12);
    expect(w.weeks[0]).toEqual({ start: "2026-09-14", end: "2026-09-20" });
    expect(w.weeks[11]).toEqual({ start: "2026-11-30", end: "2026-12-06" });
  });

  it("takes the UTC day, whatever the local time", () => {
    expect(statsWindow(new Date("2026-12-06T23:59:59.999Z")).today).toBe("2026-12-06");
    expect(statsWindow(new Date("2026-12-07T00:00:00.000Z")).today).toBe("2026-12-07");
  });

  it("is built once per day and shared, frozen; a new day builds a new one, across a month end and a leap day", () => {
    const morning = statsWindow(new Date("2026-12-06T01:00:00Z"));
    expect(statsWindow(new Date("2026-12-06T22:00:00Z"))).toBe(morning);
    expect(Object.isFrozen(morning) && Object.isFrozen(morning.days) && Object.isFrozen(morning.weeks[0])).toBe(true);
    const next = statsWindow(new Date("2026-12-07T00:00:01Z"));
    expect(next).not.toBe(morning);
    expect([next.first, next.days[1], next.today]).toEqual(["2026-09-15", "2026-09-16", "2026-12-07"]);
    // Consecutive days, none skipped or repeated (2028-02-29 inside the window).
    const leap = statsWindow(new Date("2028-03-10T12:00:00Z"));
    expect(leap.days).toContain("2028-02-29");
    for (let i = 1; i < leap.days.length; i++) {
      expect(Date.parse(`${leap.days[i]}T00:00:00Z`) - Date.parse(`${leap.days[i - 1]}T00:00:00Z`)).toBe(86_400_000);
    }
    // Back to an earlier day (a test's fixed clock): built again, not the last one's.
    expect(statsWindow(now).today).toBe("2026-12-06");
  });
});

describe("summarizeScans", () => {
  const w = statsWindow(now);
  const rows: DailyStats[] = [
    { day: "2026-09-14", revisionsScanned: 4, revisionsBlocked: 1, findingsByType: { NAME: 2, MRN: 1 } },
    { day: "2026-09-20", revisionsScanned: 4, revisionsBlocked: 2, findingsByType: { NAME: 1 } },
    { day: "2026-12-06", revisionsScanned: 3, revisionsBlocked: 0, findingsByType: { DATE: 3 } },
    // Outside the window: ignored.
    { day: "2026-09-13", revisionsScanned: 50, revisionsBlocked: 50, findingsByType: { SSN: 50 } },
  ];

  it("sums each week and the window, with whole-percent blocked rates", () => {
    const s = summarizeScans(w, rows);
    expect(s.trend[0]).toEqual({ start: "2026-09-14", end: "2026-09-20", scanned: 8, blocked: 3, blockedPercent: 38 });
    expect(s.trend[11]).toMatchObject({ scanned: 3, blocked: 0, blockedPercent: 0 });
    expect(s.trend.slice(1, 11).every((p) => p.scanned === 0 && p.blockedPercent === null)).toBe(true);
    expect([s.scanned, s.blocked, s.blockedPercent]).toEqual([11, 3, 27]);
  });

  it("counts findings by type over the window, most frequent first", () => {
    expect(summarizeScans(w, rows).findingsByType).toEqual([
      { type: "DATE", count: 3 },
      { type: "NAME", count: 3 },
      { type: "MRN", count: 1 },
    ]);
  });

  it("has no rate without scans", () => {
    expect(summarizeScans(w, [])).toMatchObject({ scanned: 0, blocked: 0, blockedPercent: null, findingsByType: [] });
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(1, 8)).toBe(13);
  });

  it("reads only positive whole counts from the stored column", () => {
    expect(countsByType({ NAME: 2, BAD: "x", NEG: -1, FRACTION: 1.5 })).toEqual({ NAME: 2 });
    expect(countsByType([1, 2])).toEqual({});
    expect(countsByType(null)).toEqual({});
  });
});
