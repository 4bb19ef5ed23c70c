import { describe, expect, it } from "vitest";
import { dayLabel, findingsSummary, percentText, trendSummary, weekLabel } from "./overview-text";

const week = (start: string, end: string, scanned: number, blocked: number) => ({ start, end, scanned, blocked, blockedPercent: scanned ? Math.round((100 * blocked) / scanned) : null });

describe("overview chart words", () => {
  it("labels days and weeks in UTC, whatever the reader's zone", () => {
    expect(dayLabel("2026-09-14")).toBe("Sep 14");
    expect(weekLabel({ start: "2026-11-30", end: "2026-12-06" })).toBe("Nov 30 – Dec 6");
    expect([percentText(67), percentText(null)]).toEqual(["67%", "—"]);
  });

  it("labels every day of a leap year as Intl's en-US short month and day in UTC does", () => {
    const intl = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
    for (let t = Date.UTC(2028, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      expect(dayLabel(day)).toBe(intl.format(new Date(t)));
    }
  });

  it("sums up the trend in one sentence: overall, this week and the highest week", () => {
    const trend = [week("2026-11-16", "2026-11-22", 4, 3), week("2026-11-23", "2026-11-29", 0, 0), week("2026-11-30", "2026-12-06", 2, 1)];
    expect(trendSummary("St. Brigid", trend)).toBe(
      "Blocked rate of St. Brigid by week over the last 3 weeks: 67% overall (4 of 6 scanned revisions); this week 50%; highest 75% in the week of Nov 16.",
    );
    expect(trendSummary("St. Brigid", [week("2026-11-23", "2026-11-29", 0, 0), week("2026-11-30", "2026-12-06", 0, 0)])).toBe("Blocked rate of St. Brigid: no scans in the last 2 weeks.");
  });

  it("names the five most frequent finding types, and how many more there are", () => {
    const f = ["NAME", "DATE", "MRN", "PHONE_NUMBER", "EMAIL", "SSN", "ADDRESS"].map((type, i) => ({ type, count: 10 - i }));
    expect(findingsSummary("Brightsmile", f, 12)).toBe("Findings of Brightsmile by type over the last 12 weeks: 10 name, 9 date, 8 mrn, 7 phone number, 6 email, and 2 more types.");
    expect(findingsSummary("Brightsmile", [], 12)).toBe("Findings of Brightsmile: none in the last 12 weeks.");
  });
});
