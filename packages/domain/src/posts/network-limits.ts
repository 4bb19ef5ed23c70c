// What each network accepts and how it shows a post: hard limits (enforced before submit) and display
// rules (the preview's crops and "see more" folds, never enforced). Client-safe: no imports at all,
// so the composer counts exactly as the submit use case does (exported as @vetted/domain/network-limits).
//
// Figures were checked on 2026-12-06 against the sources named beside each one. Where a platform
// publishes no figure (display folds, feed crops) the number is a widely used approximation and says so.

export const NETWORK_CHANNELS = ["FACEBOOK", "INSTAGRAM", "X", "LINKEDIN", "TIKTOK"] as const;
export type NetworkChannel = (typeof NETWORK_CHANNELS)[number];

export interface NetworkRules {
  label: string;
  /** Hard limit of the post text, in the unit `countText` uses for this network. */
  maxChars: number;
  /** Approximate display fold: the feed shows this many characters, then "…see more". Null: no fold. */
  seeMoreAt: number | null;
  maxHashtags: number | null;
  minImages: number;
  /** Null: no network limit below the app's own 10 images per post (post-schemas.ts). */
  maxImages: number | null;
  /** Feed display range of a single image, width / height; outside it the feed crops. Null: never cropped. */
  aspect: { min: number; max: number } | null;
  /** The network draws a card for the first link of a post without images. */
  linkCard: boolean;
  /** Links in the text are tappable (Instagram and TikTok show them as plain text). */
  linksClickable: boolean;
}

export const NETWORK_RULES: Record<NetworkChannel, NetworkRules> = {
  FACEBOOK: {
    label: "Facebook",
    // 63,206: Facebook's long-standing post limit (no Meta page states it; every scheduler documents it).
    // Unreachable here: Vetted caps every text at 5,000 (post-schemas.ts MAX_TEXT).
    maxChars: 63_206,
    // ~477 on desktop (third-party counters; Meta publishes no fold). Approximate display only.
    seeMoreAt: 477,
    maxHashtags: null,
    minImages: 0,
    maxImages: null,
    // Feed images between 4:5 portrait and 1.91:1 landscape (Meta's feed media guidance); approximate.
    aspect: { min: 4 / 5, max: 1.91 },
    linkCard: true,
    linksClickable: true,
  },
  INSTAGRAM: {
    label: "Instagram",
    // 2,200: Meta's Instagram media requirements ("2200 character limit on captions").
    maxChars: 2_200,
    // help.instagram.com: feed shows three lines; "we recommend … 125 characters or fewer". Approximate.
    seeMoreAt: 125,
    // 5: Instagram's announcement of December 2025 ("gradually update the number of hashtags … to 5"),
    // replacing the older 30 of the Graph API docs. Reported by the press; not on a Meta developer page.
    maxHashtags: 5,
    // Every Instagram post needs media; the content publishing API takes carousels of up to 10 items.
    minImages: 1,
    maxImages: 10,
    // 4:5 to 1.91:1: Meta's Instagram media requirements ("any aspect ratios in between 1.91:1 and 4:5").
    aspect: { min: 4 / 5, max: 1.91 },
    linkCard: false,
    linksClickable: false,
  },
  X: {
    label: "X",
    // 280 weighted characters, counted as twitter-text v3 does (countX below).
    maxChars: 280,
    seeMoreAt: null,
    maxHashtags: null,
    minImages: 0,
    // 4: X API media ("up to 4 images" per post).
    maxImages: 4,
    // The timeline's 16:9 preview box, the worst case: X's apps have shown most single images uncropped
    // since 2021, but older clients and embeds still crop to 16:9. Shown so nothing important sits at an edge.
    aspect: { min: 16 / 9, max: 16 / 9 },
    linkCard: true,
    linksClickable: true,
  },
  LINKEDIN: {
    label: "LinkedIn",
    // 3,000: LinkedIn's post commentary limit (Posts API, and every scheduler's documentation).
    maxChars: 3_000,
    // ~210 on desktop (third-party figures; LinkedIn publishes no fold). Approximate display only.
    seeMoreAt: 210,
    maxHashtags: null,
    minImages: 0,
    // 20: LinkedIn MultiImage API ("minimum of 2 images and maximum of 20"); above the app's 10 anyway.
    maxImages: 20,
    // 1:1.25 portrait to 1.91:1 landscape (LinkedIn image guidance as documented by schedulers); approximate.
    aspect: { min: 4 / 5, max: 1.91 },
    linkCard: true,
    linksClickable: true,
  },
  TIKTOK: {
    label: "TikTok",
    // Vetted posts carry images, never video, so a TikTok post is a photo post (Content Posting API,
    // media_type PHOTO, up to 35 images). Its description takes 4,000 UTF-16 runes, but we hold it to the
    // 2,200 of a video caption so the text also fits if the team re-posts it as a video in the app.
    maxChars: 2_200,
    // ~150 (third-party caption counters; TikTok publishes no fold). Approximate display only.
    seeMoreAt: 150,
    maxHashtags: null,
    // A TikTok post needs a video or at least one photo: a text-only post cannot be published.
    minImages: 1,
    maxImages: 35,
    // Photo posts are letterboxed into the 9:16 screen, not cropped.
    aspect: null,
    linkCard: false,
    linksClickable: false,
  },
};

export const isNetworkChannel = (c: string): c is NetworkChannel => (NETWORK_CHANNELS as readonly string[]).includes(c);

/** twitter-text v3 config: a t.co link counts 23, code points in these ranges weigh 1, all others 2. */
export const X_URL_LENGTH = 23;
const X_LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// Links as X and the previews find them: with a scheme, or a bare domain under a common TLD. twitter-text
// knows every TLD; a bare domain under a rarer one counts at its own length here (a scheme always works).
const TLDS = "com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|ca|au|nz|ie|de|fr|nl|eu|health|care|clinic|hospital|dental|app|dev|me|ly|tv|ai";
const URL_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}@._/-])(?:https?:\\/\\/[^\\s<>"]+|(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![\\p{L}\\p{N}-])(?:[/?#][^\\s<>"]*)?)`,
  "giu",
);
const TRAILING_PUNCTUATION = /[.,:;!?'")\]}]+$/u;

export interface TextLink {
  url: string;
  start: number;
  end: number;
}

/** The links of a text, trailing punctuation left out ("see example.org." links example.org). */
export function findLinks(text: string): TextLink[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => {
    const url = m[0].replace(TRAILING_PUNCTUATION, "");
    return { url, start: m.index, end: m.index + url.length };
  });
}

const HASHTAG = /(?<![\p{L}\p{N}_&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const MENTION = /(?<![\p{L}\p{N}_@.])@[A-Za-z0-9_.]{1,30}/gu;

export const findHashtags = (text: string) => [...text.matchAll(HASHTAG)].map((m) => ({ tag: m[0], start: m.index, end: m.index + m[0].length }));
export const findMentions = (text: string) => [...text.matchAll(MENTION)].map((m) => ({ handle: m[0], start: m.index, end: m.index + m[0].length }));

// An emoji counts 2 on X whatever its code points (twitter-text's emojiParsingEnabled): a grapheme with an
// emoji-presentation character, a variation selector 16, a keycap or a regional-indicator flag.
const EMOJI = /\p{Emoji_Presentation}|\uFE0F|\u20E3|[\u{1F1E6}-\u{1F1FF}]/u;
const segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter("en", { granularity: "grapheme" }) : null;
const graphemes = (s: string) => (segmenter ? [...segmenter.segment(s)].map((g) => g.segment) : Array.from(s));

function xWeightOf(chunk: string): number {
  let weight = 0;
  for (const g of graphemes(chunk)) {
    if (EMOJI.test(g)) weight += 2;
    else for (const ch of g) weight += X_LIGHT_RANGES.some(([lo, hi]) => ch.codePointAt(0)! >= lo && ch.codePointAt(0)! <= hi) ? 1 : 2;
  }
  return weight;
}

/** X's weighted length (twitter-text v3): NFC, links at 23, CJK and emoji at 2, Latin and most scripts at 1. */
export function countX(text: string): number {
  const normalized = text.normalize("NFC");
  let total = 0;
  let at = 0;
  for (const link of findLinks(normalized)) {
    total += xWeightOf(normalized.slice(at, link.start)) + X_URL_LENGTH;
    at = link.end;
  }
  return total + xWeightOf(normalized.slice(at));
}

/** The text's length as the network counts it: X weighted; TikTok in UTF-16 units ("runes"); others in code points. */
export function countText(channel: NetworkChannel, text: string): number {
  if (channel === "X") return countX(text);
  if (channel === "TIKTOK") return text.length;
  return Array.from(text).length;
}

/** The text a channel publishes: its own variant when there is one, else the main text (as the publisher picks it). */
export const textFor = (channel: string, text: string, channelTexts: Record<string, string | undefined>) => channelTexts[channel] || text;

export interface PostShape {
  text: string;
  channelTexts: Record<string, string | undefined>;
  channels: readonly string[];
  imageCount: number;
}

export interface NetworkProblem {
  channel: NetworkChannel;
  /** The input field to name in a refusal: "text", "channelTexts.<CHANNEL>" or "mediaIds". */
  field: string;
  message: string;
}

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/**
 * Every hard limit the post breaks, per network. Counts only, never the text itself (these messages
 * reach logs and error responses). Private groups have no platform limits.
 */
export function networkProblems(post: PostShape): NetworkProblem[] {
  const problems: NetworkProblem[] = [];
  for (const channel of post.channels.filter(isNetworkChannel)) {
    const rules = NETWORK_RULES[channel];
    const variant = !!post.channelTexts[channel];
    const field = variant ? `channelTexts.${channel}` : "text";
    const subject = variant ? `the ${rules.label} text` : "this post";
    const text = textFor(channel, post.text, post.channelTexts);
    const length = countText(channel, text);
    if (length > rules.maxChars) problems.push({ channel, field, message: `${rules.label} allows ${plural(rules.maxChars, "character")}; ${subject} has ${length.toLocaleString("en-US")}` });
    const tags = findHashtags(text).length;
    if (rules.maxHashtags !== null && tags > rules.maxHashtags) problems.push({ channel, field, message: `${rules.label} allows ${plural(rules.maxHashtags, "hashtag")}; ${subject} has ${tags}` });
    if (post.imageCount < rules.minImages) {
      const why = channel === "TIKTOK" ? " (Vetted posts to TikTok as a photo post; video is not supported)" : "";
      problems.push({ channel, field: "mediaIds", message: `${rules.label} needs at least ${plural(rules.minImages, "image")}${why}` });
    }
    if (rules.maxImages !== null && post.imageCount > rules.maxImages) problems.push({ channel, field: "mediaIds", message: `${rules.label} allows ${plural(rules.maxImages, "image")}; this post has ${post.imageCount}` });
  }
  return problems;
}
