// The tokenizer reads non-ASCII symbols (emoji, dashes, marks) without its regex: what it makes of
// them must be what the regex makes of them. The reference below is the tokenizer's own pattern.
import { describe, expect, it } from "vitest";
import { tokenize } from "../tokenize.js";

const REFERENCE =
  /(?<number>\p{N}+(?:[.,:/-]\p{N}+){0,6}(?:st|nd|rd|th|s)?)|(?<word>\p{L}[\p{L}\p{M}]*(?:['’.-][\p{L}\p{M}]+){0,4}\.?)|(?<emoji>(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\u{1F1E6}-\u{1F1FF}])+)|(?<punct>[^\s\p{L}\p{N}])/uy;

/** The first token the reference pattern reads at `from`, as [text, kind], or undefined (no token). */
function reference(text: string, from: number): [string, string] | undefined {
  REFERENCE.lastIndex = from;
  const match = REFERENCE.exec(text);
  if (!match?.groups) return undefined;
  const { number, word, emoji } = match.groups;
  return [match[0], number ? "number" : word ? "word" : emoji ? "emoji" : "punct"];
}

function codePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0x80; cp < 0x3100; cp += 5) out.push(cp);
  for (let cp = 0x1f000; cp < 0x1fb00; cp += 3) out.push(cp);
  // Edge cases: a pictograph that is also a letter, joiners, selectors, flags, skin tones, a lone surrogate, a mark.
  out.push(0x2139, 0x200d, 0xfe0f, 0x1f1e6, 0x1f1fa, 0x1f3fd, 0xd83d, 0xdc00, 0x0301, 0x2014, 0x2026, 0x2019, 0x00a9);
  return out;
}

describe("tokenize, non-ASCII symbols", () => {
  it("reads a symbol and what follows it as the tokenizer's regex does", () => {
    const all = codePoints();
    for (let i = 0; i < all.length; i++) {
      // The tokenizer skips these as spaces before any pattern runs.
      if (all[i] === 0xa0 || all[i] === 0x200b) continue;
      const a = String.fromCodePoint(all[i]!);
      const b = String.fromCodePoint(all[(i * 7 + 3) % all.length]!);
      const text = `ok ${a}${b}${a} fine`;
      const expected = reference(text, 3);
      const token = tokenize(text).find((t) => t.start === 3);
      if (!expected) {
        expect(token).toBeUndefined();
        continue;
      }
      // Words keep their own post-processing (a final period split off); symbols never end in one.
      if (expected[1] === "word" || expected[1] === "number") continue;
      expect(token && [token.text, token.kind]).toEqual(expected);
    }
  });
});
