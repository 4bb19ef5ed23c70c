import { describe, expect, it } from "vitest";
import { nestFields } from "./nested-fields";

describe("nestFields", () => {
  it("groups prefix.key.field into one object per key and keeps other fields", () => {
    const flat = { decision: "APPROVE", "overrides.a1.reasonCode": "OTHER", "overrides.a1.justification": "why", "overrides.b2.consentId": "c" };
    expect(nestFields(flat, "overrides")).toEqual({ decision: "APPROVE", overrides: { a1: { reasonCode: "OTHER", justification: "why" }, b2: { consentId: "c" } } });
    expect(nestFields({ decision: "REJECT" }, "overrides")).toEqual({ decision: "REJECT" });
  });

  it("never writes through __proto__ and leaves odd shapes flat", () => {
    const out = nestFields({ "overrides.__proto__.polluted": "yes", "overrides.x.__proto__": "yes", "overrides.a.b.c": "deep", "overrides.": "e" }, "overrides");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out.overrides).toBeUndefined();
    expect(Object.keys(out).sort()).toEqual(["overrides.", "overrides.__proto__.polluted", "overrides.a.b.c", "overrides.x.__proto__"]);
  });
});
