import { describe, expect, it } from "vitest";
import { normalizeBody, parseManualText } from "./manual-text";

describe("the manual's limited markdown", () => {
  it("reads paragraphs and bullet lists, nothing else", () => {
    expect(parseManualText("First line\nsame paragraph.\n\n- one\n- two\n  continued\nAfter the list\n\n* star")).toEqual([
      { kind: "paragraph", text: "First line same paragraph." },
      { kind: "list", items: ["one", "two continued"] },
      { kind: "paragraph", text: "After the list" },
      { kind: "list", items: ["star"] },
    ]);
  });

  it("keeps HTML and entities as the characters typed", () => {
    const typed = '<img src=x onerror="alert(1)"> &lt;b&gt; **bold** [link](javascript:alert(1))';
    expect(parseManualText(typed)).toEqual([{ kind: "paragraph", text: typed }]);
  });

  it("normalizes line breaks, trailing spaces and runs of blank lines", () => {
    expect(normalizeBody("  a  \r\nb\r\n\r\n\r\n\r\nc \n")).toBe("a\nb\n\nc");
    expect(parseManualText("")).toEqual([]);
  });
});
