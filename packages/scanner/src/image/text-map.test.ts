import { describe, expect, it } from "vitest";
import type { OcrLine } from "./ocr.js";
import { keepWord } from "./ocr.js";
import { buildDocument, mergeFindings, scanOcrLines } from "./text-map.js";
import { fakeScanText } from "./test-helpers.js";

const line = (...words: [string, number, number][]): OcrLine => ({
  words: words.map(([text, x, y]) => ({ text, confidence: 90, box: [x, y, text.length * 10, 20] })),
});

describe("OCR lines → findings", () => {
  it("joins lines with newlines and remembers each word's span", () => {
    const { text, placed } = buildDocument([line(["Patient:", 10, 10], ["Doe", 100, 10]), line(["MRN", 10, 50])]);
    expect(text).toBe("Patient: Doe\nMRN");
    expect(text.slice(placed[1]!.start, placed[1]!.end)).toBe("Doe");
    expect(text.slice(placed[2]!.start, placed[2]!.end)).toBe("MRN");
  });

  it("maps a multi-word finding to the union of its word boxes", async () => {
    const lines = [line(["Welcome", 0, 0]), line(["MRN", 200, 300], ["5530917", 240, 302], ["today", 330, 300])];
    const scan = await scanOcrLines(lines, fakeScanText);
    expect(scan.verdict).toBe("block");
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({ type: "ID", text: "MRN 5530917", source: "ocr", box: [200, 300, 110, 22] });
  });

  it("returns allow with no findings for clean text, and dedupes findings from several passes", async () => {
    expect((await scanOcrLines([line(["Gift", 0, 0], ["Shop", 50, 0])], fakeScanText)).findings).toEqual([]);
    const a = (await scanOcrLines([line(["MRN", 200, 300], ["5530917", 240, 300])], fakeScanText)).findings;
    const b = (await scanOcrLines([line(["MRN", 202, 301], ["553091", 242, 301])], fakeScanText)).findings;
    const merged = mergeFindings([a, b]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.text).toBe("MRN 5530917");
  });

  it("keeps well-formed low-confidence tokens but drops symbol noise", () => {
    expect(keepWord("09/23/1980", 0, 20)).toBe(true);
    expect(keepWord("———", 0, 20)).toBe(false);
    expect(keepWord("|", 95, 20)).toBe(false);
    expect(keepWord("=:;'", 10, 20)).toBe(false);
    expect(keepWord("3", 96, 20)).toBe(true);
  });
});
