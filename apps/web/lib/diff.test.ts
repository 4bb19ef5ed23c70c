import { describe, expect, it } from "vitest";
import { diffWords, tokenizeWords, type DiffPart } from "./diff";

const side = (parts: DiffPart[], keep: "add" | "del") => parts.filter((p) => p.op !== keep).map((p) => p.text).join("");

describe("diffWords", () => {
  it("keeps identical texts as one unchanged part", () => {
    expect(diffWords("a b c", "a b c")).toEqual([{ op: "same", text: "a b c" }]);
  });

  it("marks a replaced word as removed and added, keeping the rest", () => {
    expect(diffWords("So proud of Marisol today", "So proud of our patient today")).toEqual([
      { op: "same", text: "So proud of " },
      { op: "del", text: "Marisol " },
      { op: "add", text: "our patient " },
      { op: "same", text: "today" },
    ]);
  });

  it("handles empty sides", () => {
    expect(diffWords("", "new text")).toEqual([{ op: "add", text: "new text" }]);
    expect(diffWords("old text", "")).toEqual([{ op: "del", text: "old text" }]);
    expect(diffWords("", "")).toEqual([]);
  });

  it("finds the longest common subsequence, not just prefix and suffix", () => {
    const parts = diffWords("a x b y c", "a b z c");
    expect(parts.filter((p) => p.op === "same").map((p) => p.text.trim())).toEqual(["a", "b", "c"]);
  });

  it("rebuilds both texts exactly from the parts", () => {
    const before = "Line one.\nLine two has  double spaces.\n\nEnd";
    const after = "Line one!\nLine two has double spaces.\nNew line\n\nEnd";
    const parts = diffWords(before, after);
    expect(side(parts, "add")).toBe(before);
    expect(side(parts, "del")).toBe(after);
  });

  it("never emits two neighbouring parts with the same op", () => {
    const parts = diffWords("a b c d e f", "x y c d q r");
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.op).not.toBe(parts[i - 1]!.op);
  });

  it("stays fast on a full-length post", () => {
    const words = Array.from({ length: 900 }, (_, i) => `w${i % 97}`);
    const before = words.join(" ");
    const after = words.map((w, i) => (i % 10 === 0 ? "changed" : w)).join(" ");
    const t = performance.now();
    const parts = diffWords(before, after);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(side(parts, "add")).toBe(before);
    expect(side(parts, "del")).toBe(after);
  });
});

describe("tokenizeWords", () => {
  it("keeps whitespace with the word before it and leading whitespace on its own", () => {
    expect(tokenizeWords("  hi there ")).toEqual(["  ", "hi ", "there "]);
  });
});
