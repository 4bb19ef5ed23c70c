import { beforeAll, describe, expect, it } from "vitest";
import { scanText } from "../index.js";

describe("bad input", () => {
  // Load lexicons and let the JIT see every path once, so the guard below times the scan itself.
  beforeAll(() => {
    scanText("@a_b my son Ruben has asthma, room 4, call me 559-555-0100, a@b.co ".repeat(200), { kind: "comment" });
  });
  it("handles empty and whitespace-only text", () => {
    expect(scanText("").verdict).toBe("allow");
    expect(scanText("   \n\t ").verdict).toBe("allow");
  });
  it("handles lone surrogates and control characters", () => {
    const text = "my son \uD83D has \u0000\u0007 asthma \uDC00 and \u202Eroom 12";
    const result = scanText(text, { kind: "comment" });
    expect(result.verdict).toBe("block");
    for (const finding of result.findings) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
  });
  it("scans 100 KB of ordinary text and keeps offsets valid", () => {
    const sentence = "Our clinic is open Saturday for flu shots, call 555-0100. my dad Ruben Ortiz had a stroke. ";
    const text = sentence.repeat(Math.ceil(100_000 / sentence.length));
    const result = scanText(text, { kind: "comment" });
    expect(result.verdict).toBe("block");
    const last = result.findings[result.findings.length - 1];
    expect(last && text.slice(last.start, last.end)).toBe(last?.text);
  });
  // Backtracking guard only: real performance is measured by `npm run bench:scanner`.
  it.each([
    ["digits and dashes", "1-".repeat(50_000)],
    ["one long word", "a".repeat(100_000)],
    ["dotted host-like run", "a.".repeat(50_000)],
    ["at-signs", "a@".repeat(50_000)],
    ["capitalized words", "Aa ".repeat(33_000)],
    ["room-like run", "room ".repeat(20_000)],
    ["emoji soup", "🙏🏾".repeat(25_000)],
  ])("scans a 100 KB adversarial string (%s) without catastrophic backtracking", (_label, text) => {
    const started = performance.now();
    scanText(text, { kind: "comment" });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
