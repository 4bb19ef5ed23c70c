import { describe, expect, it } from "vitest";
import { ocrText, type OcrLine } from "./ocr.js";

const word = (text: string, x: number, y: number) => ({ text, confidence: 90, box: [x, y, 10 * text.length, 20] as [number, number, number, number] });

describe("ocrText", () => {
  it("joins words left to right and rows top to bottom, whatever order the OCR gave them in", () => {
    const lines: OcrLine[] = [
      { words: [word("row", 200, 100), word("second", 10, 102)] },
      { words: [word("first", 10, 20), word("row", 80, 18)] },
      { words: [] },
      { words: [word("   ", 10, 200)] },
    ];
    expect(ocrText(lines)).toEqual({ text: "first row\nsecond row", lines: 2 });
  });

  it("reads nothing from an image without text", () => {
    expect(ocrText([])).toEqual({ text: "", lines: 0 });
  });
});
