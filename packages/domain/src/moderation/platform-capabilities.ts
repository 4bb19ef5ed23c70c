import type { Channel } from "@vetted/db";
import { AppError } from "../errors";

// What each platform lets an org do with a comment under its posts. Facebook and Instagram: hide,
// delete, one private reply. LinkedIn: delete only (no hide, no private reply to a commenter).
// X: hide a reply in a conversation the account started; someone else's reply cannot be deleted
// and there is no private reply. TikTok: Vetted has no connector. TikTok's API for Business
// (its Accounts API, for TikTok Business accounts and apps TikTok approves) lists, replies to and
// hides comments under the account's own videos; its Display and Content Posting APIs, open to any
// developer, have no comment endpoints at all. Until a TikTok connector exists nothing is possible.

export type ModerationAbility = "hide" | "delete" | "private_reply" | "public_reply";

const ABILITIES: Record<Channel, readonly ModerationAbility[]> = {
  FACEBOOK: ["hide", "delete", "private_reply", "public_reply"],
  INSTAGRAM: ["hide", "delete", "private_reply", "public_reply"],
  LINKEDIN: ["delete"],
  X: ["hide"],
  TIKTOK: [],
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
    text: "Not available: Vetted cannot connect a TikTok account, so it neither reads nor hides TikTok comments. Moderate them in the TikTok app; one that names a patient can be reported under Groups (pasted or as a screenshot, channel TikTok) to be scanned and assessed. (TikTok offers comment moderation only through its API for Business, to Business accounts and apps it approves; Vetted has no such connector yet.)",
  },
];
