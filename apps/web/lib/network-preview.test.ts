import { describe, expect, it } from "vitest";
import { foldText, frameFor, linkCardFor, ratioLabel, segmentText } from "./network-preview";

const img = (width: number, height: number) => ({ src: `/img-${width}x${height}`, width, height });

describe("frameFor", () => {
  it("keeps an Instagram image inside 4:5…1.91:1 as it is and crops a taller or wider one to the nearest bound", () => {
    expect(frameFor("INSTAGRAM", [img(1080, 1080)], 0)).toEqual({ ratio: 1, fit: "cover", cropped: false });
    const tall = frameFor("INSTAGRAM", [img(1080, 1920)], 0);
    expect(tall).toMatchObject({ fit: "cover", cropped: true });
    expect(ratioLabel(tall.ratio!)).toBe("4:5");
    const panorama = frameFor("INSTAGRAM", [img(3000, 1000)], 0);
    expect(ratioLabel(panorama.ratio!)).toBe("1.91:1");
  });

  it("shapes every carousel item like the first one", () => {
    const images = [img(1080, 1350), img(1920, 1080)];
    expect(frameFor("INSTAGRAM", images, 1)).toMatchObject({ ratio: 0.8, cropped: true });
  });

  it("puts a single X image in the 16:9 timeline box", () => {
    expect(frameFor("X", [img(1600, 900)], 0).cropped).toBe(false);
    expect(frameFor("X", [img(1000, 1000)], 0)).toMatchObject({ cropped: true });
    expect(ratioLabel(frameFor("X", [img(1000, 1000)], 0).ratio!)).toBe("16:9");
    expect(ratioLabel(frameFor("X", [img(1000, 1000), img(1000, 1000)], 1).ratio!)).toBe("7:8");
  });

  it("letterboxes TikTok photos without cropping, and knows no shape for an image still uploading", () => {
    expect(frameFor("TIKTOK", [img(4000, 1000)], 0)).toEqual({ ratio: 9 / 16, fit: "contain", cropped: false });
    expect(frameFor("FACEBOOK", [img(0, 0)], 0)).toEqual({ ratio: null, fit: "cover", cropped: false });
  });
});

describe("foldText", () => {
  it("folds Instagram at about 125 characters on a word boundary and leaves X alone", () => {
    const text = "Our flu clinic opens on Saturday morning. ".repeat(5);
    const folded = foldText("INSTAGRAM", text);
    expect(folded.folded).toBe(true);
    expect(folded.shown.length).toBeLessThanOrEqual(125);
    expect(folded.shown.length).toBeGreaterThan(100);
    expect(text.startsWith(folded.shown)).toBe(true);
    expect(folded.shown.endsWith(" ")).toBe(false);
    expect(foldText("X", text)).toEqual({ shown: text, folded: false });
    expect(foldText("FACEBOOK", "short")).toEqual({ shown: "short", folded: false });
  });

  it("never splits an emoji", () => {
    const folded = foldText("INSTAGRAM", "👍".repeat(200));
    expect(Array.from(folded.shown)).toHaveLength(125);
  });
});

describe("segmentText", () => {
  it("styles hashtags, mentions and links; Instagram links stay plain text", () => {
    const text = "Flu shots with @stbrigid #FluSeason at https://example.org/flu.";
    expect(segmentText("FACEBOOK", text)).toEqual([
      { kind: "text", text: "Flu shots with " },
      { kind: "mention", text: "@stbrigid" },
      { kind: "text", text: " " },
      { kind: "hashtag", text: "#FluSeason" },
      { kind: "text", text: " at " },
      { kind: "link", text: "https://example.org/flu" },
      { kind: "text", text: "." },
    ]);
    expect(segmentText("INSTAGRAM", text).filter((s) => s.kind === "link")).toEqual([]);
    expect(segmentText("X", "see https://example.org/#top").map((s) => s.kind)).toEqual(["text", "link"]);
  });
});

describe("linkCardFor", () => {
  it("names the first link's domain, only without images and only where the network draws cards", () => {
    expect(linkCardFor("LINKEDIN", "Read more at https://www.StBrigid.org/news/flu and example.com", 0)).toEqual({ domain: "stbrigid.org" });
    expect(linkCardFor("FACEBOOK", "Read more at stbrigid.org/flu", 0)).toEqual({ domain: "stbrigid.org" });
    expect(linkCardFor("FACEBOOK", "Read more at stbrigid.org/flu", 1)).toBeNull();
    expect(linkCardFor("INSTAGRAM", "Read more at stbrigid.org/flu", 0)).toBeNull();
    expect(linkCardFor("X", "No link here", 0)).toBeNull();
  });
});
