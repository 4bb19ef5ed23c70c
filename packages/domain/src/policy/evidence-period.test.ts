import { describe, expect, it } from "vitest";
import { evidencePeriodSchema, periodBounds, versionsInForce } from "./evidence-period";

const fields = (input: unknown) => {
  const r = evidencePeriodSchema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => i.path.join("."));
};

describe("evidencePeriodSchema", () => {
  it("accepts a period of whole days, one day included", () => {
    expect(fields({ from: "2026-01-01", to: "2026-12-31" })).toBeNull();
    expect(fields({ from: "2026-03-05", to: "2026-03-05" })).toBeNull();
  });

  it("names the field: a missing or malformed date, an impossible one, an end before the start, more than seven years", () => {
    expect(fields({ to: "2026-01-01" })).toEqual(["from"]);
    expect(fields({ from: "01/02/2026", to: "2026-01-01" })).toEqual(["from"]);
    expect(fields({ from: "2026-01-01", to: "2026-02-30" })).toEqual(["to"]);
    expect(fields({ from: "2026-05-01", to: "2026-04-30" })).toEqual(["to"]);
    expect(fields({ from: "2019-01-01", to: "2026-01-31" })).toEqual(["to"]);
    expect(fields({ from: "2019-06-01", to: "2026-01-31" })).toBeNull();
  });
});

describe("periodBounds", () => {
  it("runs from the start of the first day to the end of the last", () => {
    expect(periodBounds({ from: "2026-03-05", to: "2026-03-06" })).toEqual({ from: new Date("2026-03-05T00:00:00Z"), to: new Date("2026-03-07T00:00:00Z") });
  });
});

describe("versionsInForce", () => {
  const v = (number: number, at: string | null) => ({ number, effectiveAt: at ? new Date(at) : null });
  const all = [v(1, "2025-01-01T00:00:00Z"), v(2, "2026-01-01T00:00:00Z"), v(3, "2026-06-01T00:00:00Z"), v(4, null), v(5, "2027-01-01T00:00:00Z")];
  const numbers = (from: string, to: string) => versionsInForce(all, new Date(from), new Date(to)).map((x) => x.number);

  it("lists each version in force at some instant of the period", () => {
    expect(numbers("2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z")).toEqual([1]);
    expect(numbers("2025-12-01T00:00:00Z", "2026-07-01T00:00:00Z")).toEqual([1, 2, 3]);
    expect(numbers("2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z")).toEqual([2]);
    expect(numbers("2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z")).toEqual([]);
    expect(numbers("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z")).toEqual([5]);
  });
});
