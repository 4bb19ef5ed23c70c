import { describe, expect, it } from "vitest";
import { attentionScore, coveragePoints } from "./attention-score";

const calm = { overdueReviews: 0, slaBreaches: 0, openIncidents: 0, expiringConsents: 0, coveragePercent: 100 };

describe("attentionScore", () => {
  it("is zero, with words saying so, when nothing needs attention", () => {
    expect(attentionScore(calm)).toEqual({ score: 0, reasons: [], summary: "Nothing needs attention" });
  });

  it("weighs incidents 5, overdue reviews and SLA breaches 3, expiring consents 1", () => {
    expect(attentionScore({ ...calm, openIncidents: 2 }).score).toBe(10);
    expect(attentionScore({ ...calm, overdueReviews: 2 }).score).toBe(6);
    expect(attentionScore({ ...calm, slaBreaches: 2 }).score).toBe(6);
    expect(attentionScore({ ...calm, expiringConsents: 2 }).score).toBe(2);
    expect(attentionScore({ overdueReviews: 1, slaBreaches: 1, openIncidents: 1, expiringConsents: 1, coveragePercent: 85 }).score).toBe(3 + 3 + 5 + 1 + 1);
  });

  it("says why in words, the heaviest first, reviews before incidents on a tie", () => {
    expect(attentionScore({ ...calm, overdueReviews: 3, openIncidents: 1 }).summary).toBe("3 reviews overdue · 1 incident open");
    expect(attentionScore({ ...calm, overdueReviews: 1, openIncidents: 2 }).reasons).toEqual(["2 incidents open", "1 review overdue"]);
    expect(attentionScore({ ...calm, overdueReviews: 5, openIncidents: 3 }).reasons).toEqual(["5 reviews overdue", "3 incidents open"]);
    expect(attentionScore({ ...calm, slaBreaches: 1, expiringConsents: 4 }).reasons).toEqual([
      "4 consents expire within 30 days",
      "1 comment past its response deadline",
    ]);
    expect(attentionScore({ ...calm, expiringConsents: 1, coveragePercent: 62 }).reasons).toEqual([
      "policy acknowledged by 62% (target 90%)",
      "1 consent expires within 30 days",
    ]);
  });

  it("counts nothing for a metric the viewer may not see (null)", () => {
    expect(attentionScore({ overdueReviews: 1, slaBreaches: null, openIncidents: null, expiringConsents: null, coveragePercent: null })).toEqual({
      score: 3, reasons: ["1 review overdue"], summary: "1 review overdue",
    });
  });
});

describe("coveragePoints", () => {
  it("gives one point per started 10 points below the 90% target, none at or above it or without a figure", () => {
    expect([100, 90, 89, 80, 79, 62, 0].map(coveragePoints)).toEqual([0, 0, 1, 1, 2, 3, 9]);
    expect(coveragePoints(null)).toBe(0);
  });
});
