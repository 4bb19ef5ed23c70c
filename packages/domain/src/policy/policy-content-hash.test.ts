import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../audit/hash";
import { policyContent, policyContentSha256 } from "./policy-content-hash";
import type { ManualSection } from "./manual-sections";

const sections: ManualSection[] = [
  { key: "scope", title: "1. Scope", body: "Everyone.", generated: true, source: "settings:accounts" },
  { key: "sanctions", title: "13. Sanctions", body: "Café <b>bold</b>", generated: false },
];
const effectiveAt = new Date("2026-12-06T15:04:05.678Z");

describe("the policy content hash", () => {
  it("is the SHA-256 of a canonical JSON with sorted keys, no spaces, null for an absent source", () => {
    const expected =
      '{"effectiveAt":"2026-12-06T15:04:05.678Z","number":3,"sections":[' +
      '{"body":"Everyone.","generated":true,"key":"scope","source":"settings:accounts","title":"1. Scope"},' +
      '{"body":"Café <b>bold</b>","generated":false,"key":"sanctions","source":null,"title":"13. Sanctions"}]}';
    expect(canonicalJson(policyContent({ number: 3, effectiveAt, sections }))).toBe(expected);
    expect(policyContentSha256({ number: 3, effectiveAt, sections })).toBe(createHash("sha256").update(expected, "utf8").digest("hex"));
  });

  it("does not depend on the order of a section's properties", () => {
    const reordered = sections.map((s) => ({ source: s.source, body: s.body, generated: s.generated, title: s.title, key: s.key }) as ManualSection);
    expect(policyContentSha256({ number: 3, effectiveAt, sections: reordered })).toBe(policyContentSha256({ number: 3, effectiveAt, sections }));
  });

  it("changes with the number, the effective instant, the order of sections and any character", () => {
    const base = policyContentSha256({ number: 3, effectiveAt, sections });
    expect(policyContentSha256({ number: 4, effectiveAt, sections })).not.toBe(base);
    expect(policyContentSha256({ number: 3, effectiveAt: new Date(effectiveAt.getTime() + 1), sections })).not.toBe(base);
    expect(policyContentSha256({ number: 3, effectiveAt, sections: [...sections].reverse() })).not.toBe(base);
    expect(policyContentSha256({ number: 3, effectiveAt, sections: [sections[0]!, { ...sections[1]!, body: "Cafe <b>bold</b>" }] })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
