import { describe, expect, it } from "vitest";
import { scan, texts } from "./helpers.js";

describe("health recognizer", () => {
  it("finds conditions, procedures, medications and settings tied to a person", () => {
    const found = texts("my husband started dialysis and now takes Eliquis after his knee replacement", "comment", "HEALTH");
    expect(found).toEqual(expect.arrayContaining(["dialysis", "Eliquis", "knee replacement"]));
  });
  it("tolerates common misspellings", () => {
    expect(texts("my grandpa has numonia and diabetis", "comment", "HEALTH").length).toBeGreaterThanOrEqual(1);
  });
  it("finds recovery milestones", () => {
    expect(texts("I'm 90 days sober as of this morning", "comment", "HEALTH")).toContain("90 days sober");
  });
  it("ignores departments and equipment", () => {
    expect(scan("Our oncology team and new MRI machine were featured in the paper", "post").verdict).toBe("allow");
  });
  it("ignores education with no individual", () => {
    expect(scan("Flu season is here. If you have asthma or COPD, ask about your vaccine today.", "post").verdict).toBe("allow");
  });
  it("ignores awareness campaigns", () => {
    expect(scan("October is Breast Cancer Awareness Month — book a mammogram this week!", "post").verdict).toBe("allow");
  });
});
