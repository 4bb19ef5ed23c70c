import { describe, expect, it } from "vitest";
import { isoToZonedLocal, orgTime, zonedLocalToIso } from "./dates";

describe("org time zone", () => {
  it("shows an instant in the org's zone, naming it", () => {
    expect(orgTime(new Date("2026-12-06T21:15:00Z"), "America/Chicago")).toBe("Dec 6, 2026, 3:15 PM CST");
    expect(orgTime(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe("Jul 1, 2026, 8:00 AM EDT");
    expect(orgTime(null, "UTC")).toBe("—");
  });

  it("reads a picker's wall-clock time in the org's zone, whatever the browser's zone", () => {
    expect(zonedLocalToIso("2026-12-06T15:15", "America/Chicago")).toBe("2026-12-06T21:15:00.000Z");
    expect(zonedLocalToIso("2026-07-01T08:00", "America/New_York")).toBe("2026-07-01T12:00:00.000Z");
    expect(zonedLocalToIso("2026-07-01T08:00", "Asia/Kolkata")).toBe("2026-07-01T02:30:00.000Z");
    expect(zonedLocalToIso("", "UTC")).toBe("");
    expect(zonedLocalToIso("tomorrow", "UTC")).toBe("");
  });

  it("round-trips, and handles the daylight-saving jumps", () => {
    for (const iso of ["2026-03-08T07:59:00.000Z", "2026-03-08T08:00:00.000Z", "2026-11-01T06:30:00.000Z", "2026-11-01T07:30:00.000Z"]) {
      expect(zonedLocalToIso(isoToZonedLocal(iso, "America/Chicago"), "America/Chicago")).toBe(
        // 01:30 happens twice on Nov 1 in Chicago: the first occurrence is taken.
        iso === "2026-11-01T07:30:00.000Z" ? "2026-11-01T06:30:00.000Z" : iso,
      );
    }
    // 02:30 does not exist on Mar 8 in Chicago (clocks jump 2:00 → 3:00): it lands at 3:30 CDT.
    expect(zonedLocalToIso("2026-03-08T02:30", "America/Chicago")).toBe("2026-03-08T08:30:00.000Z");
  });
});
