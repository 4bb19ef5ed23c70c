import { describe, expect, it } from "vitest";
import { calendarPeriod, entriesByDay, longDay } from "./calendar";

const TODAY = "2026-12-06";

describe("calendar period from the URL", () => {
  it("is this month without a period, with the links around it", () => {
    const p = calendarPeriod({}, TODAY);
    expect(p).toMatchObject({ view: "month", key: "2026-12", month: "2026-12", label: "December 2026", first: "2026-11-30", last: "2027-01-03" });
    expect(p.weeks).toHaveLength(5);
    expect(p.links).toEqual({ prev: "?month=2026-11", next: "?month=2027-01", today: "?month=2026-12", month: "?month=2026-12", week: "?week=2026-W49" });
    expect(p.notice).toBeUndefined();
  });

  it("reads a month, whose week link is its first week when today is elsewhere", () => {
    const p = calendarPeriod({ month: "2027-02" }, TODAY);
    expect(p).toMatchObject({ view: "month", key: "2027-02", label: "February 2027", first: "2027-02-01", last: "2027-02-28" });
    expect(p.links).toMatchObject({ prev: "?month=2027-01", next: "?month=2027-03", today: "?month=2026-12", week: "?week=2027-W05" });
  });

  it("reads an ISO week, across the turn of the year, and goes back to the month of its Thursday", () => {
    const p = calendarPeriod({ week: "2026-W53" }, TODAY);
    expect(p).toMatchObject({ view: "week", key: "2026-W53", first: "2026-12-28", last: "2027-01-03", month: "2026-12", label: "Week 53: Dec 28 – Jan 3, 2027" });
    expect(p.weeks).toEqual([["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]]);
    expect(p.links).toEqual({ prev: "?week=2026-W52", next: "?week=2027-W01", today: "?week=2026-W49", month: "?month=2026-12", week: "?week=2026-W53" });
  });

  it("shows today's period with a notice for a period that does not exist or is not one value", () => {
    expect(calendarPeriod({ month: "2026-13" }, TODAY)).toMatchObject({ view: "month", key: "2026-12", notice: expect.stringMatching(/look like 2026-12/) });
    expect(calendarPeriod({ week: "2027-W53" }, TODAY)).toMatchObject({ view: "week", key: "2026-W49", notice: expect.stringMatching(/look like 2026-W49/) });
    expect(calendarPeriod({ month: ["2026-11", "2026-12"] }, TODAY)).toMatchObject({ key: "2026-12", notice: expect.any(String) });
    expect(calendarPeriod({ week: "2026-W49\u0000" }, TODAY)).toMatchObject({ key: "2026-W49", notice: expect.any(String) });
  });
});

describe("entries by day", () => {
  it("groups entries under their own date, in time order", () => {
    const byDay = entriesByDay([
      { id: "late", date: "2026-12-10", at: "2026-12-10T21:00:00.000Z" },
      { id: "early", date: "2026-12-10", at: "2026-12-10T14:00:00.000Z" },
      // Kolkata's morning of Dec 11 is still Dec 10 in UTC: its own date decides.
      { id: "kolkata", date: "2026-12-11", at: "2026-12-10T23:30:00.000Z" },
    ]);
    expect(byDay.get("2026-12-10")?.map((e) => e.id)).toEqual(["early", "late"]);
    expect(byDay.get("2026-12-11")?.map((e) => e.id)).toEqual(["kolkata"]);
  });

  it("names a day in full for its cell", () => {
    expect(longDay("2026-12-10")).toBe("Thursday, December 10, 2026");
  });
});
