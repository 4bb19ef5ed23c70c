import { describe, expect, it } from "vitest";
import { countText, countX, findHashtags, findLinks, findMentions, networkProblems, NETWORK_RULES, textFor } from "./network-limits";

const shape = (over: Partial<Parameters<typeof networkProblems>[0]>) => ({ text: "Flu shots on Saturday.", channelTexts: {}, channels: ["FACEBOOK"], imageCount: 0, ...over });

describe("X's weighted count (twitter-text v3 rules)", () => {
  it("counts Latin text one per character", () => {
    expect(countX("Flu shots on Saturday")).toBe(21);
  });

  it("counts every link as 23, however long, with or without a scheme", () => {
    expect(countX("Visit https://example.org/a/very/long/path?campaign=winter-flu-clinic now")).toBe(6 + 23 + 4);
    expect(countX("Visit stbrigid.org")).toBe(6 + 23);
    expect(countX("x.co")).toBe(23);
    // Trailing punctuation is not part of the link.
    expect(countX("See example.com.")).toBe(4 + 23 + 1);
  });

  it("does not take an email address or a word with a dot for a link", () => {
    expect(countX("mail info@example.com")).toBe(21);
    expect(countX("St.Brigid")).toBe(9);
  });

  it("counts CJK characters and emoji as 2", () => {
    expect(countX("日本語")).toBe(6);
    expect(countX("👍")).toBe(2);
    expect(countX("👍🏽")).toBe(2);
    expect(countX("👨‍👩‍👧")).toBe(2);
    expect(countX("🇺🇸")).toBe(2);
    expect(countX("1️⃣")).toBe(2);
  });

  it("weighs punctuation by twitter-text's ranges: curly quotes 1, the ellipsis 2", () => {
    expect(countX("“ok”")).toBe(4);
    expect(countX("wait…")).toBe(6);
    expect(countX("©")).toBe(1);
  });

  it("normalizes to NFC first, so a decomposed accent counts once", () => {
    expect(countX("e\u0301")).toBe(1);
    expect(countX("café")).toBe(4);
  });
});

describe("other networks' counts", () => {
  it("TikTok counts UTF-16 units, the others code points", () => {
    expect(countText("TIKTOK", "👍")).toBe(2);
    expect(countText("LINKEDIN", "👍")).toBe(1);
    expect(countText("INSTAGRAM", "abc")).toBe(3);
  });

  it("finds hashtags, mentions and links the way the previews style them", () => {
    expect(findHashtags("#flu season #2026 a#b ##x #FluShots2026").map((t) => t.tag)).toEqual(["#flu", "#FluShots2026"]);
    expect(findMentions("thanks @stbrigid and info@example.com").map((m) => m.handle)).toEqual(["@stbrigid"]);
    expect(findLinks("Go to https://example.org/flu, or www.example.com).").map((l) => l.url)).toEqual(["https://example.org/flu", "www.example.com"]);
  });

  it("a channel's own text replaces the main text; an empty one does not", () => {
    expect(textFor("X", "main", { X: "short" })).toBe("short");
    expect(textFor("X", "main", { X: "" })).toBe("main");
  });
});

describe("networkProblems", () => {
  it("allows exactly the limit and refuses one more, naming network, limit and length", () => {
    expect(networkProblems(shape({ channels: ["X"], text: "a".repeat(280) }))).toEqual([]);
    expect(networkProblems(shape({ channels: ["X"], text: "a".repeat(312) }))).toEqual([
      { channel: "X", field: "text", message: "X allows 280 characters; this post has 312" },
    ]);
    expect(networkProblems(shape({ channels: ["LINKEDIN"], text: "a".repeat(3001) }))[0]?.message).toBe("LinkedIn allows 3,000 characters; this post has 3,001");
  });

  it("names the channel's own text when it is the one too long", () => {
    const problems = networkProblems(shape({ channels: ["FACEBOOK", "X"], text: "a".repeat(400), channelTexts: { X: "b".repeat(290) } }));
    expect(problems).toEqual([{ channel: "X", field: "channelTexts.X", message: "X allows 280 characters; the X text has 290" }]);
  });

  it("needs an image for Instagram and TikTok, and caps image counts", () => {
    expect(networkProblems(shape({ channels: ["INSTAGRAM", "TIKTOK"] })).map((p) => [p.field, p.message])).toEqual([
      ["mediaIds", "Instagram needs at least 1 image"],
      ["mediaIds", "TikTok needs at least 1 image (Vetted posts to TikTok as a photo post; video is not supported)"],
    ]);
    expect(networkProblems(shape({ channels: ["INSTAGRAM", "TIKTOK"], imageCount: 1 }))).toEqual([]);
    expect(networkProblems(shape({ channels: ["X"], imageCount: 5 }))).toEqual([{ channel: "X", field: "mediaIds", message: "X allows 4 images; this post has 5" }]);
    expect(networkProblems(shape({ channels: ["FACEBOOK", "LINKEDIN"], imageCount: 10 }))).toEqual([]);
  });

  it("counts Instagram's hashtags", () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${String.fromCharCode(97 + i)}`).join(" ");
    expect(networkProblems(shape({ channels: ["INSTAGRAM"], imageCount: 1, text: tags(NETWORK_RULES.INSTAGRAM.maxHashtags!) }))).toEqual([]);
    expect(networkProblems(shape({ channels: ["INSTAGRAM"], imageCount: 1, text: tags(7) }))).toEqual([
      { channel: "INSTAGRAM", field: "text", message: "Instagram allows 5 hashtags; this post has 7" },
    ]);
  });

  it("counts X's links as 23 when deciding", () => {
    const link = `https://example.org/${"p".repeat(200)}`;
    expect(networkProblems(shape({ channels: ["X"], text: `${"a".repeat(256)} ${link}` }))).toEqual([]);
    expect(networkProblems(shape({ channels: ["X"], text: `${"a".repeat(257)} ${link}` }))[0]?.message).toBe("X allows 280 characters; this post has 281");
  });

  it("leaves private groups alone and never repeats the text in a message", () => {
    expect(networkProblems(shape({ channels: ["PRIVATE_GROUP"], text: "z".repeat(5000) }))).toEqual([]);
    for (const p of networkProblems(shape({ channels: ["X", "INSTAGRAM"], text: "Jane Doe ".repeat(40) }))) expect(p.message).not.toContain("Jane");
  });
});
