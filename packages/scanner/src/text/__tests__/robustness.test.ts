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
  // Backtracking guard only, as a growth check rather than a wall-clock bound (a loaded machine makes
  // any bound flaky; speed is measured by `npm run bench:scanner`). Within one 20 000-character window
  // 8x the input may cost at most about 64x (quadratic; catastrophic backtracking is exponential), and
  // across windows 5x the input costs about 5x, so the whole scan stays linear in its length.
  const fastestMs = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      scanText(text, { kind: "comment" });
      best = Math.min(best, performance.now() - started);
    }
    return Math.max(best, 0.05);
  };
  it.each([
    ["digits and dashes", "1-"],
    ["one long word", "a"],
    ["dotted host-like run", "a."],
    ["at-signs", "a@"],
    ["capitalized words", "Aa "],
    ["room-like run", "room "],
    ["emoji soup", "🙏🏾"],
  ])("scans an adversarial string (%s) in time linear in its length, up to 100 KB", (_label, unit) => {
    const repeat = (chars: number) => unit.repeat(Math.ceil(chars / unit.length));
    const small = fastestMs(repeat(2_500));
    const window = fastestMs(repeat(20_000));
    const large = fastestMs(repeat(100_000));
    expect(window / small).toBeLessThan(128);
    expect(large / window).toBeLessThan(15);
  });
});
