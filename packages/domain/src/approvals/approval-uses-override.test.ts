import { describe, expect, it } from "vitest";
import { approvalUsesOverride } from "./finding-overrides";

// Which decisions need a recent re-authentication (issue 15): approvals over blocking findings only.
describe("approvalUsesOverride", () => {
  const finding = "11111111-1111-1111-1111-111111111111";
  it("is true for an APPROVE carrying overrides or an override justification", () => {
    expect(approvalUsesOverride({ decision: "APPROVE", overrides: { [finding]: { reasonCode: "OTHER" } } })).toBe(true);
    expect(approvalUsesOverride({ decision: "APPROVE", overrideJustification: "Consent on file" })).toBe(true);
  });
  it("is false for a plain approval, for other decisions, and for input that is not an object", () => {
    expect(approvalUsesOverride({ decision: "APPROVE", overrides: {}, overrideJustification: "  " })).toBe(false);
    expect(approvalUsesOverride({ decision: "REJECT", overrides: { [finding]: {} }, comment: "no" })).toBe(false);
    expect(approvalUsesOverride(null)).toBe(false);
    expect(approvalUsesOverride("APPROVE")).toBe(false);
  });
});
