import { describe, expect, it } from "vitest";
import { postStatusLabel } from "./post-status";

describe("postStatusLabel", () => {
  it("says 'with override' for a decided post whose scan blocked it", () => {
    expect(postStatusLabel("APPROVED", "block")).toEqual({ label: "Approved with override", overridden: true });
    expect(postStatusLabel("SCHEDULED", "block").label).toBe("Scheduled with override");
    expect(postStatusLabel("PUBLISHED", "block").label).toBe("Published with override");
  });
  it("leaves every other combination as the plain state", () => {
    expect(postStatusLabel("APPROVED", "allow")).toEqual({ label: "Approved", overridden: false });
    expect(postStatusLabel("IN_REVIEW", "block")).toEqual({ label: "In review", overridden: false });
    expect(postStatusLabel("CHANGES_REQUESTED", null).label).toBe("Changes requested");
  });
});
