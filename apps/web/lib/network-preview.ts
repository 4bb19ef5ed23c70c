// How a network would show a post, for the preview: which images it crops and how, where the text
// folds behind "…see more", what is styled as a hashtag, mention or link, and the link card. Pure and
// client-safe; the rules themselves live in @vetted/domain/network-limits (shared with the submit check).

import { findHashtags, findLinks, findMentions, NETWORK_RULES, type NetworkChannel } from "@vetted/domain/network-limits";

export interface PreviewImage {
  src: string;
  /** 0 while unknown (an upload still on its way). */
  width: number;
  height: number;
}

export interface ImageFrame {
  /** The box's width / height; null when the image's own shape is not known yet. */
  ratio: number | null;
  /** "contain": letterboxed whole (TikTok photos); "cover": filled and cut at the edges. */
  fit: "cover" | "contain";
  /** The image's own shape is outside what the network shows, so part of it is cut off. */
  cropped: boolean;
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));
const ratioOf = (img: PreviewImage | undefined) => (img && img.width > 0 && img.height > 0 ? img.width / img.height : null);
// Below 1 % the difference is a rounding of the pixel size, not a crop anyone would see.
const differs = (shown: number, own: number) => Math.abs(shown - own) / own > 0.01;

/** A TikTok photo post fills the phone screen: 9:16, each photo letterboxed inside it. */
export const TIKTOK_SCREEN = 9 / 16;

/**
 * The frame of image `index` of the post's `images` as `channel` shows it in the feed. An Instagram
 * carousel takes the first image's (clamped) shape for every item; X lays 2–4 images out in a grid of
 * fixed cells; Facebook and LinkedIn show the first image large.
 */
export function frameFor(channel: NetworkChannel, images: PreviewImage[], index: number): ImageFrame {
  const own = ratioOf(images[index]);
  if (channel === "TIKTOK") return { ratio: TIKTOK_SCREEN, fit: "contain", cropped: false };
  let shown: number | null;
  if (channel === "X" && images.length > 1) shown = images.length === 2 || (images.length === 3 && index === 0) ? 7 / 8 : 16 / 9;
  else if (channel === "INSTAGRAM") {
    const first = ratioOf(images[0]);
    shown = first === null ? null : clamp(first, NETWORK_RULES.INSTAGRAM.aspect!.min, NETWORK_RULES.INSTAGRAM.aspect!.max);
  } else {
    const range = NETWORK_RULES[channel].aspect;
    shown = own === null || !range ? own : clamp(own, range.min, range.max);
  }
  return { ratio: shown ?? own, fit: "cover", cropped: own !== null && shown !== null && differs(shown, own) };
}

/** "4:5", "16:9", "1.91:1": how a ratio is usually written. */
export function ratioLabel(ratio: number): string {
  const known: [number, string][] = [[4 / 5, "4:5"], [1, "1:1"], [16 / 9, "16:9"], [7 / 8, "7:8"], [1.91, "1.91:1"], [9 / 16, "9:16"]];
  return known.find(([r]) => Math.abs(r - ratio) < 0.005)?.[1] ?? `${ratio.toFixed(2)}:1`;
}

export interface Folded {
  shown: string;
  folded: boolean;
}

/**
 * The text up to the network's approximate "see more" fold, cut at the last space before it when
 * one is near (feeds do not cut words in half). Counted in code points, so an emoji is never split.
 */
export function foldText(channel: NetworkChannel, text: string): Folded {
  const at = NETWORK_RULES[channel].seeMoreAt;
  const chars = Array.from(text);
  if (at === null || chars.length <= at) return { shown: text, folded: false };
  const head = chars.slice(0, at).join("");
  const space = head.search(/\s\S*$/);
  return { shown: (space > at * 0.8 ? head.slice(0, space) : head).trimEnd(), folded: true };
}

export type Segment = { kind: "text" | "hashtag" | "mention" | "link"; text: string };

/** The text cut into plain runs and the parts a network styles (links only where they are links). */
export function segmentText(channel: NetworkChannel, text: string): Segment[] {
  const marks = [
    ...findHashtags(text).map((t) => ({ kind: "hashtag" as const, start: t.start, end: t.end })),
    ...findMentions(text).map((m) => ({ kind: "mention" as const, start: m.start, end: m.end })),
    ...(NETWORK_RULES[channel].linksClickable ? findLinks(text).map((l) => ({ kind: "link" as const, start: l.start, end: l.end })) : []),
  ].sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue; // a hashtag inside a link ("example.org/#top") stays part of the link
    if (m.start > at) out.push({ kind: "text", text: text.slice(at, m.start) });
    out.push({ kind: m.kind, text: text.slice(m.start, m.end) });
    at = m.end;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

/**
 * The link card a network draws for the first link of a post without images. Vetted is offline and
 * never fetches the page, so the card names the domain only (no title, description or picture).
 */
export function linkCardFor(channel: NetworkChannel, text: string, imageCount: number): { domain: string } | null {
  if (imageCount > 0 || !NETWORK_RULES[channel].linkCard) return null;
  const first = findLinks(text)[0];
  if (!first) return null;
  try {
    const url = new URL(/^https?:\/\//i.test(first.url) ? first.url : `https://${first.url}`);
    return { domain: url.hostname.replace(/^www\./, "").toLowerCase() };
  } catch {
    return null;
  }
}
