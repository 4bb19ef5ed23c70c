import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../errors";
import { LIMITS, waitInWords } from "./limit-table";

describe("the abuse limits table", () => {
  it("holds sane budgets", () => {
    for (const [name, rule] of Object.entries(LIMITS)) {
      expect(Number.isInteger(rule.points) && rule.points > 0, name).toBe(true);
      expect(rule.windowSeconds, name).toBeGreaterThanOrEqual(60);
      expect(rule.what, name).toMatch(/^[a-z].* in the last (minute|hour)$/);
    }
  });

  it("is the table the README lists, rule by rule", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    for (const name of Object.keys(LIMITS)) expect(readme, name).toContain(`\`${name}\``);
  });
});

describe("the refusal's words", () => {
  it("says the wait in the unit a person reads", () => {
    expect([0.2, 1, 59, 119, 120, 3_599, 3_600, 7_199, 7_200].map(waitInWords)).toEqual([
      "1 second", "1 second", "59 seconds", "119 seconds", "2 minutes", "60 minutes", "60 minutes", "2 hours", "2 hours",
    ]);
  });

  it("names what was counted and the wait; without a rule it keeps the sign-in wording", () => {
    const limited = new RateLimitedError(720, "uploads.user", LIMITS["uploads.user"].what);
    expect(limited).toMatchObject({ code: "RATE_LIMITED", status: 429, limit: "uploads.user", retryAfterSeconds: 720 });
    expect(limited.message).toBe("Too many uploads by you in the last hour: try again in 12 minutes");
    expect(new RateLimitedError(1).message).toBe("Too many attempts, try again in 1 second");
  });
});
