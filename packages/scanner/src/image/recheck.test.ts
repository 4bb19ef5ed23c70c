import { describe, expect, it } from "vitest";
import type { OcrWordBox } from "./ocr.js";
import { stillReadable } from "./recheck.js";

const word = (text: string, box: [number, number, number, number]): OcrWordBox => ({ text, confidence: 90, box });

describe("stillReadable", () => {
  const room = { text: "Room 412", box: [70, 155, 203, 42] as [number, number, number, number] };

  it("finds an earlier finding read again in place, a misread letter included", () => {
    expect(stillReadable([word("Room", [70, 156, 100, 40]), word("412", [180, 156, 90, 40])], room)).toBe(true);
    expect(stillReadable([word("Metoprol0l", [68, 234, 230, 50])], { text: "Metoprolol", box: [68, 234, 230, 50] })).toBe(true);
  });

  it("is false when only noise or unrelated words are read there, or the words are elsewhere", () => {
    expect(stillReadable([word("HHHH", [70, 156, 200, 40]), word("HR", [300, 156, 40, 40])], room)).toBe(false);
    expect(stillReadable([word("Room", [600, 20, 100, 40]), word("412", [710, 20, 90, 40])], room)).toBe(false);
    expect(stillReadable([], room)).toBe(false);
  });
});
