import { describe, expect, it } from "vitest";
import { parseInput } from "../validate";
import { lastCompleteMonth, periodKeySchema, previousPeriod, recentPeriods, reportPeriod, zonedMidnight } from "./report-period";
import { z } from "zod";

const CHICAGO = "America/Chicago";

describe("report periods", () => {
  it("bounds a month at midnight in the org's zone, across the daylight-saving change", () => {
    // November 2026 in Chicago: starts at CDT (UTC−5), ends at CST (UTC−6).
    const nov = reportPeriod("2026-11", CHICAGO);
    expect({ label: nov.label, from: nov.from.toISOString(), to: nov.to.toISOString() }).toEqual({
      label: "November 2026", from: "2026-11-01T05:00:00.000Z", to: "2026-12-01T06:00:00.000Z",
    });
    expect(reportPeriod("2026-11", "Asia/Kolkata").from.toISOString()).toBe("2026-10-31T18:30:00.000Z");
    expect(reportPeriod("2026-12", "UTC").to.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("bounds a quarter over its three months and names them", () => {
    const q4 = reportPeriod("2026-Q4", CHICAGO);
    expect({ label: q4.label, from: q4.from.toISOString(), to: q4.to.toISOString() }).toEqual({
      label: "Q4 2026 (October–December)", from: "2026-10-01T05:00:00.000Z", to: "2027-01-01T06:00:00.000Z",
    });
  });

  it("steps back to the previous month or quarter, over a year's end", () => {
    expect(previousPeriod(reportPeriod("2026-01", CHICAGO), CHICAGO).key).toBe("2025-12");
    expect(previousPeriod(reportPeriod("2026-11", CHICAGO), CHICAGO).key).toBe("2026-10");
    expect(previousPeriod(reportPeriod("2026-Q1", CHICAGO), CHICAGO).key).toBe("2025-Q4");
    // The previous period ends where this one starts: nothing falls between them.
    const nov = reportPeriod("2026-11", CHICAGO);
    expect(previousPeriod(nov, CHICAGO).to).toEqual(nov.from);
  });

  it("takes the last whole month by the org's calendar, not UTC's", () => {
    // 02:00 UTC on December 1st is still November 30th in Chicago.
    expect(lastCompleteMonth(new Date("2026-12-01T02:00:00Z"), CHICAGO)).toBe("2026-10");
    expect(lastCompleteMonth(new Date("2026-12-01T07:00:00Z"), CHICAGO)).toBe("2026-11");
    expect(lastCompleteMonth(new Date("2027-01-01T12:00:00Z"), CHICAGO)).toBe("2026-12");
  });

  it("offers the recent months (current first) and quarters in the picker", () => {
    const choices = recentPeriods(new Date("2026-12-06T12:00:00Z"), CHICAGO, 3, 2).map((c) => c.key);
    expect(choices).toEqual(["2026-12", "2026-11", "2026-10", "2026-Q4", "2026-Q3"]);
    expect(recentPeriods(new Date("2027-01-15T12:00:00Z"), CHICAGO, 2, 2).map((c) => c.key)).toEqual(["2027-01", "2026-12", "2027-Q1", "2026-Q4"]);
  });

  it("refuses anything but a month or a quarter, naming the field and never echoing the value", () => {
    const schema = z.object({ period: periodKeySchema });
    for (const bad of ["2026-13", "2026-00", "2026-Q5", "26-11", "2026-11-01", "November", "", "2019-12", "2026-11; drop table"]) {
      let fields: Record<string, string[]> | undefined;
      try {
        parseInput(schema, { period: bad });
      } catch (e) {
        fields = (e as { fields?: Record<string, string[]> }).fields;
      }
      // One of the fixed messages: the value itself is never part of it.
      expect(fields?.period, bad).toEqual([expect.stringMatching(/^(A period is a month like 2026-11 or a quarter like 2026-Q4|Reports start in 2020)$/)]);
    }
    expect(parseInput(schema, { period: " 2026-Q4 " })).toEqual({ period: "2026-Q4" });
  });

  it("finds midnight on a day the clocks change", () => {
    // 2026-03-08 is the US spring-forward day; midnight is still CST (UTC−6).
    expect(zonedMidnight(2026, 3, 8, CHICAGO).toISOString()).toBe("2026-03-08T06:00:00.000Z");
    expect(zonedMidnight(2026, 3, 9, CHICAGO).toISOString()).toBe("2026-03-09T05:00:00.000Z");
  });
});
