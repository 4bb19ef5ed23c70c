import type { Channel } from "@vetted/db";

// One comment change as every connector reports it (a Meta or LinkedIn webhook, an X poll). Changes
// are hints: the ids and the platform time identify it, the text is what the platform said then.

export type CommentVerb = "add" | "edited" | "remove" | "hide" | "unhide";
/** The platforms whose comments Vetted moderates (no TikTok connector: see moderation/platform-capabilities.ts). */
export type CommentPlatform = Extract<Channel, "FACEBOOK" | "INSTAGRAM" | "LINKEDIN" | "X">;

export interface CommentChange {
  platform: CommentPlatform;
  /** The account the change is for: Page id, Instagram account id, LinkedIn organization URN, X user id. */
  accountExternalId: string;
  /** The comment id (a LinkedIn comment URN, an X reply's tweet id). */
  objectId: string;
  /** The parent comment's id when this is a reply in a thread (never the post id). */
  parentId?: string;
  /** The post, media, LinkedIn activity or X conversation the comment is under. */
  postExternalId?: string;
  verb: CommentVerb;
  /** Comment text as delivered (PHI: store encrypted, never log). Absent on remove/hide. */
  text?: string;
  authorId?: string;
  /** Display name or username (PHI as well). */
  authorName?: string;
  /** Event time in unix seconds: the same in every duplicate of a delivery. */
  time: number;
}

/** Drops undefined fields, so a change compares equal however it was built. */
export const definedFields = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
