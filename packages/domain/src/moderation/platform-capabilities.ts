import type { Channel } from "@vetted/db";
import { AppError } from "../errors";

// What each platform lets an org do with a comment under its posts. Facebook and Instagram: hide,
// delete, one private reply. LinkedIn: delete only (no hide, no private reply to a commenter).
// X: hide a reply in a conversation the account started; someone else's reply cannot be deleted
// and there is no private reply. TikTok's API offers no comment moderation to a third party.

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
