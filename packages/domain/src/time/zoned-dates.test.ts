import { describe, expect, it } from "vitest";
import {
  addDays, addMonths, addWeeks, dateInZone, dayRangeIn, isCalendarDate, isIsoWeek, isMonth, isoWeekOf, isoWeekday, monthGrid, moveToDay, timeInZone, weekDays,
} from "./zoned-dates";

describe("calendar dates", () => {
  it("knows real dates from look-alikes", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-12-6")).toBe(false);
    expect(isCalendarDate("2026-12-06T00:00")).toBe(false);
    expect(isMonth("2026-12")).toBe(true);
    expect(isMonth("2026-00")).toBe(false);
  });

  it("adds days and months across month and year ends", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(isoWeekday("2026-12-06")).toBe(7);
    expect(isoWeekday("2026-12-07")).toBe(1);
  });
});

describe("month grid", () => {
  it("lays a month out in Monday-to-Sunday weeks, filled with the neighbours' days", () => {
    const december = monthGrid("2026-12");
    expect(december).toHaveLength(5);
    expect(december[0]).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(december.at(-1)!.at(-1)).toBe("2027-01-03");
    expect(december.flat()).toHaveLength(35);
  });

  it("takes 4 weeks for a February that starts on a Monday and 6 for a month that sprawls", () => {
    // Feb 2027 starts on a Monday and has 28 days.
    expect(monthGrid("2027-02")).toHaveLength(4);
    expect(monthGrid("2027-02")[0]![0]).toBe("2027-02-01");
    // Aug 2026 starts on a Saturday and has 31 days: six rows.
    const august = monthGrid("2026-08");
    expect(august).toHaveLength(6);
    expect(august[0]![0]).toBe("2026-07-27");
    expect(august[5]![6]).toBe("2026-09-06");
  });
});

describe("ISO weeks", () => {
  it("names the week a date falls in, with the year of its Thursday", () => {
    expect(isoWeekOf("2026-12-06")).toBe("2026-W49");
    expect(isoWeekOf("2026-12-07")).toBe("2026-W50");
    // Jan 1, 2027 is a Friday: it belongs to the last week of 2026, which has 53 weeks.
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    expect(isoWeekOf("2027-01-04")).toBe("2027-W01");
    // Dec 29, 2025 is a Monday in week 1 of 2026.
    expect(isoWeekOf("2025-12-29")).toBe("2026-W01");
  });

  it("lists a week's days and moves by weeks across years", () => {
    expect(weekDays("2026-W49")).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weekDays("2026-W01")[0]).toBe("2025-12-29");
    expect(weekDays("2026-W53")[6]).toBe("2027-01-03");
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(addWeeks("2027-W01", -1)).toBe("2026-W53");
    expect(addWeeks("2026-W49", -49)).toBe("2025-W52");
  });

  it("accepts week 53 only in the years that have one", () => {
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isIsoWeek("2027-W53")).toBe(false);
    expect(isIsoWeek("2027-W52")).toBe(true);
    expect(isIsoWeek("2026-W00")).toBe(false);
    expect(isIsoWeek("2026-W5")).toBe(false);
  });
});

describe("times in an org's zone", () => {
  const CHICAGO = "America/Chicago";

  it("reads an instant's date and time of day in the zone, not in UTC", () => {
    // 03:30 UTC on Dec 7 is still the evening of Dec 6 in Chicago.
    expect(dateInZone("2026-12-07T03:30:00Z", CHICAGO)).toBe("2026-12-06");
    expect(timeInZone("2026-12-07T03:30:00Z", CHICAGO)).toBe("21:30");
    expect(dateInZone("2026-12-07T03:30:00Z", "Asia/Kolkata")).toBe("2026-12-07");
  });

  it("moves a post to another day at the same wall-clock time, across a daylight-saving change", () => {
    // 9:00 CST on Mar 6, 2026 (15:00 UTC) → 9:00 CDT on Mar 9 (14:00 UTC): clocks sprang forward on Mar 8.
    expect(moveToDay("2026-03-06T15:00:00.000Z", "2026-03-09", CHICAGO)).toBe("2026-03-09T14:00:00.000Z");
    // And back: 9:00 CDT on Oct 30 → 9:00 CST on Nov 2 (clocks fell back on Nov 1).
    expect(moveToDay("2026-10-30T14:00:00.000Z", "2026-11-02", CHICAGO)).toBe("2026-11-02T15:00:00.000Z");
    // Europe changes on other dates: 18:00 CET on Mar 27 → 18:00 CEST on Mar 30, 2026.
    expect(moveToDay("2026-03-27T17:00:00.000Z", "2026-03-30", "Europe/Berlin")).toBe("2026-03-30T16:00:00.000Z");
  });

  it("moves a time the target day skips to just after the jump, and an evening post keeps its evening", () => {
    // 2:30 does not exist on Mar 8, 2026 in Chicago: it lands at 3:30 CDT.
    expect(moveToDay("2026-03-07T08:30:00.000Z", "2026-03-08", CHICAGO)).toBe("2026-03-08T08:30:00.000Z");
    expect(timeInZone("2026-03-08T08:30:00.000Z", CHICAGO)).toBe("03:30");
    // 21:30 on Dec 6 in Chicago is 03:30 UTC on Dec 7; a move to Dec 10 is 21:30 on Dec 10, not on Dec 9.
    const moved = moveToDay("2026-12-07T03:30:00Z", "2026-12-10", CHICAGO);
    expect(dateInZone(moved, CHICAGO)).toBe("2026-12-10");
    expect(moved).toBe("2026-12-11T03:30:00.000Z");
  });

  it("spans whole days in the zone, 23 or 25 hours at a clock change", () => {
    expect(dayRangeIn("2026-12-01", "2026-12-31", CHICAGO)).toEqual({ from: "2026-12-01T06:00:00.000Z", to: "2027-01-01T06:00:00.000Z" });
    const spring = dayRangeIn("2026-03-08", "2026-03-08", CHICAGO);
    expect(Date.parse(spring.to) - Date.parse(spring.from)).toBe(23 * 3_600_000);
    const fall = dayRangeIn("2026-11-01", "2026-11-01", CHICAGO);
    expect(Date.parse(fall.to) - Date.parse(fall.from)).toBe(25 * 3_600_000);
  });
});
