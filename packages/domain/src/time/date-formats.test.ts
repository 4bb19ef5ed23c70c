import { describe, expect, it } from "vitest";
import { dateTimeFormat } from "./date-formats";

describe("dateTimeFormat", () => {
  it("formats as a new Intl.DateTimeFormat with the same options would", () => {
    const at = new Date("2026-03-08T07:30:00Z");
    const options: Intl.DateTimeFormatOptions = { timeZone: "America/New_York", dateStyle: "medium", timeStyle: "short" };
    expect(dateTimeFormat("en-US", options).format(at)).toBe(new Intl.DateTimeFormat("en-US", options).format(at));
  });

  it("reuses one instance per locale and options, and keeps different options apart", () => {
    const a = dateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });
    expect(dateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" })).toBe(a);
    const other = dateTimeFormat("en-US", { timeZone: "Asia/Tokyo", month: "short", day: "numeric" });
    expect(other).not.toBe(a);
    expect(other.format(new Date("2026-12-31T20:00:00Z"))).toBe("Jan 1");
    expect(a.format(new Date("2026-12-31T20:00:00Z"))).toBe("Dec 31");
  });
});
