import type { Channel } from "@vetted/db";
import { AppError } from "../errors";

// What each platform lets an org do with a comment under its posts. Facebook and Instagram: hide,
// delete, one private reply. LinkedIn: delete only (no hide, no private reply to a commenter).
// X: hide a reply in a conversation the account started; someone else's reply cannot be deleted
// and there is no private reply. TikTok (API for Business, for a TikTok Business account): hide a
// comment under the account's own videos and answer it publicly; TikTok deletes only the account's
// own comments (a commenter's must be hidden or escalated) and has no private reply. TikTok's Display
// and Content Posting APIs have no comment endpoints: a personal (non-Business) account cannot be watched.

export type ModerationAbility = "hide" | "delete" | "private_reply" | "public_reply";

const ABILITIES: Record<Channel, readonly ModerationAbility[]> = {
  FACEBOOK: ["hide", "delete", "private_reply", "public_reply"],
  INSTAGRAM: ["hide", "delete", "private_reply", "public_reply"],
  LINKEDIN: ["delete"],
  X: ["hide"],
  TIKTOK: ["hide", "public_reply"],
  PRIVATE_GROUP: [],
};

const NAME: Record<Channel, string> = { FACEBOOK: "Facebook", INSTAGRAM: "Instagram", LINKEDIN: "LinkedIn", X: "X", TIKTOK: "TikTok", PRIVATE_GROUP: "A private group" };

/** What to do instead, in words, when a platform lacks an ability. */
const INSTEAD: Record<ModerationAbility, string> = {
  hide: "delete the comment or escalate it",
  delete: "hide the comment or escalate it",
  private_reply: "answer on the platform itself or escalate it",
  public_reply: "answer on the platform itself or escalate it",
};

/** Public replies longer than the platform takes (TikTok: 150 characters) are refused when drafted, not failed when sent. */
export const PUBLIC_REPLY_MAX_CHARS: Partial<Record<Channel, number>> = { TIKTOK: 150 };

/** VALIDATION naming `text` when a public reply is longer than the platform takes. */
export function assertPublicReplyFits(platform: Channel, text: string): void {
  const max = PUBLIC_REPLY_MAX_CHARS[platform];
  if (max !== undefined && [...text].length > max) throw new AppError("VALIDATION", `${NAME[platform]} takes replies of at most ${max} characters`, { text: [`at most ${max} characters on ${NAME[platform]}`] });
}

export const platformCan = (platform: Channel, ability: ModerationAbility): boolean => ABILITIES[platform].includes(ability);

/** CONFLICT naming the platform and the alternative, when the platform has no such action (unhide counts as hide). */
export function assertPlatformCan(platform: Channel, ability: ModerationAbility): void {
  if (platformCan(platform, ability)) return;
  const WHAT: Record<ModerationAbility, string> = { private_reply: "private replies", public_reply: "public replies from Vetted", hide: "hiding of comments", delete: "deleting of others' replies" };
  const what = WHAT[ability];
  throw new AppError("CONFLICT", `${NAME[platform]} offers no ${what}: ${INSTEAD[ability]}`, { action: [`not available on ${NAME[platform]}`] });
}

/** What Vetted does with the comments on each platform, in words for the connected-accounts page. */
export const PLATFORM_SUPPORT: readonly { platform: Channel; name: string; text: string }[] = [
  { platform: "FACEBOOK", name: "Facebook", text: "Reads every comment under the Page's posts, hides or deletes one that exposes patient information, and answers privately (once per comment, within 7 days) or publicly." },
  { platform: "INSTAGRAM", name: "Instagram", text: "Comes with its Facebook Page: the same hide, delete, private and public replies." },
  { platform: "LINKEDIN", name: "LinkedIn", text: "Reads the Company Page's comments and deletes one (LinkedIn cannot hide a comment, and has no private reply): a blocked comment is escalated, or deleted at once when the organization allows it." },
  { platform: "X", name: "X", text: "Reads the replies under the account's posts of the last 7 days and hides one (X lets no one delete another's reply, and has no private reply)." },
  {
    platform: "TIKTOK", name: "TikTok",
    text: "A TikTok Business account: reads the comments under its videos of the last 7 days (every few minutes; TikTok sends no notifications), hides one that exposes patient information and answers publicly (TikTok lets no one delete another's comment, and has no private reply). A personal TikTok account cannot be connected: moderate it in the TikTok app.",
  },
];
