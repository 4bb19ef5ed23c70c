// Unit tests of the OCR pipeline's pure steps (no model): detection post-processing, CTC decoding and
// word splitting, row grouping, and the visible-name rule.
import { describe, expect, it } from "vitest";
import { regionsFromMap, type TextRegion } from "./ocr-detect.js";
import { ctcDecode, fixDigitLetters, splitWords } from "./ocr-recognize.js";
import { groupRows, type OcrLine } from "./ocr.js";
import { findVisibleNames, visibleNameVerdict } from "./visible-names.js";

describe("regionsFromMap", () => {
  it("finds a tilted text bar with its angle, and drops specks and faint blobs", () => {
    const w = 200, h = 100;
    const data = new Float32Array(w * h);
    const tilt = Math.tan((10 * Math.PI) / 180);
    for (let x = 40; x < 160; x++) for (let t = 0; t < 6; t++) data[Math.round(40 + (x - 40) * tilt + t) * w + x] = 0.9;
    data[5 * w + 5] = 0.9; // a speck
    for (let x = 10; x < 30; x++) for (let y = 80; y < 86; y++) data[y * w + x] = 0.35; // faint
    const regions = regionsFromMap({ data, dims: [1, 1, h, w] }, 2, 2);
    expect(regions).toHaveLength(1);
    const r = regions[0] as TextRegion;
    expect((r.angle * 180) / Math.PI).toBeCloseTo(10, 0);
    expect(r.length).toBeGreaterThan(240);
    expect(r.cx).toBeGreaterThan(190);
    expect(r.cx).toBeLessThan(230);
  });
});

/** A [1, T, C] probability map from a list of (class, probability) per step; the rest is blank. */
function steps(classes: number, seq: ([number, number] | null)[], space?: number[]): { data: Float32Array; dims: number[] } {
  const data = new Float32Array(seq.length * classes);
  seq.forEach((s, t) => {
    if (s) data[t * classes + s[0]] = s[1];
    else data[t * classes] = 0.9;
    if (space?.includes(t)) data[t * classes + classes - 1] = 0.2;
  });
  return { data, dims: [1, seq.length, classes] };
}

describe("CTC decoding and word splitting", () => {
  const charset = ["", "D", "O", "E", ",", "R", "B", "T", "字", " "];
  const allowed = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 9]);

  it("collapses repeats, skips non-Latin classes, and splits at a comma and at the model's space hint", () => {
    const seq: ([number, number] | null)[] = [[1, 0.9], [1, 0.9], null, [2, 0.9], null, [3, 0.9], null, [4, 0.9], null, [5, 0.9], null, [2, 0.9], null, null, [6, 0.9]];
    const glyphs = ctcDecode(steps(charset.length, seq, [12]), charset, allowed);
    expect(glyphs.map((g) => g.ch).join("")).toBe("DOE,ROB");
    expect(splitWords(glyphs, 6).map((w) => w.map((g) => g.ch).join(""))).toEqual(["DOE,", "RO", "B"]);
  });

  it("reads a zero inside a capitalised word as the letter O, but leaves numbers alone", () => {
    expect(fixDigitLetters("D0E,")).toBe("DOE,");
    expect(fixDigitLetters("J0hnson")).toBe("Johnson");
    expect(fixDigitLetters("00482913")).toBe("00482913");
    expect(fixDigitLetters("A1B0")).toBe("A1B0");
  });
});

describe("groupRows", () => {
  it("puts pieces of one visual row together, left to right, rows top to bottom", () => {
    const r = (cx: number, cy: number): TextRegion => ({ cx, cy, length: 80, thickness: 30, angle: 0, score: 0.9 });
    const rows = groupRows([r(300, 205), r(100, 200), r(100, 300)]);
    expect(rows.map((row) => row.map((x) => x.cx))).toEqual([[100, 300], [100]]);
  });
});

const line = (...texts: string[][]): OcrLine => ({
  words: texts.flatMap((seg, s) => seg.map((text, i) => ({ text, confidence: 95, box: [s * 300 + i * 90, 0, 80, 30] as [number, number, number, number], segment: s }))),
});

describe("findVisibleNames", () => {
  it("flags record-style, titled, labelled and plain full names", () => {
    const names = findVisibleNames([
      line(["OKORO.", "C"]),
      line(["Mr.", "Okafor"]),
      line(["Name:", "Ngozi", "Abara"]),
      line(["Eleanor", "Briggs"]),
    ]);
    expect(names.map((n) => [n.finding.text, n.strong])).toEqual([
      ["OKORO. C", true],
      ["Mr. Okafor", true],
      ["Ngozi Abara", true],
      ["Eleanor Briggs", false],
    ]);
    expect(visibleNameVerdict(names.slice(3), [])).toBe("review");
    expect(visibleNameVerdict(names, [])).toBe("block");
  });

  it("leaves staff, organisations, calendar phrases and words from separate labels alone", () => {
    const names = findVisibleNames(
      [
        line(["Dana", "Whitaker,", "RN"]),
        line(["Dr.", "Amara", "Osei"]),
        line(["Nurse", "Jorge", "Alicia"]),
        line(["Mercy", "Outpatient", "Pharmacy"]),
        line(["Saturday,", "May", "18"]),
        line(["Eleanor"], ["Briggs"]),
        line(["Keisha", "Brown"]),
      ],
      { allowNames: ["Keisha Brown"] },
    );
    expect(names).toEqual([]);
  });
});
