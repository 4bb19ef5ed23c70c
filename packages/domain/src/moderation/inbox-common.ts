import type { SocialComment, SocialCommentStatus } from "@vetted/db";
import { z } from "zod";

// What the inbox's use cases share: the tabs, the 7-day private-reply window, and how a comment's
// stored findings (types and offsets, never text) are read back.

/** The inbox tabs, as they appear in URLs (enums only: no PHI in an address). */
export const INBOX_TABS = { new: "NEW", hidden: "HIDDEN_PENDING_REVIEW", needs_reply: "NEEDS_REPLY", resolved: "RESOLVED", escalated: "ESCALATED" } as const satisfies Record<string, SocialCommentStatus>;
export type InboxTab = keyof typeof INBOX_TABS;
export const inboxTabSchema = z.enum(Object.keys(INBOX_TABS) as [InboxTab, ...InboxTab[]], { message: "Choose a tab: new, hidden, needs_reply, resolved or escalated" });
export const TAB_OF = Object.fromEntries(Object.entries(INBOX_TABS).map(([tab, status]) => [status, tab])) as Record<SocialCommentStatus, InboxTab>;

/** Meta allows a private reply within 7 days of the comment. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 86_400_000;

/**
 * When the comment was posted, as near as we know: the platform time of its first text
 * (lastEventAt, later only if it was edited) or when we stored it, whichever is earlier. The earlier
 * of the two never shows a window open longer than the platform's.
 */
export const commentTime = (c: Pick<SocialComment, "createdAt" | "lastEventAt">) => new Date(Math.min(c.createdAt.getTime(), c.lastEventAt.getTime()));
export const replyWindowEndsAt = (c: Pick<SocialComment, "createdAt" | "lastEventAt">) => new Date(commentTime(c).getTime() + PRIVATE_REPLY_WINDOW_MS);

export interface StoredFinding {
  type: string;
  start: number;
  end: number;
}

/** The findings column as written by the comment processor; anything malformed is left out. */
export function storedFindings(json: unknown): StoredFinding[] {
  if (!Array.isArray(json)) return [];
  return json.filter((f): f is StoredFinding => !!f && typeof f === "object" && typeof f.type === "string" && Number.isInteger(f.start) && Number.isInteger(f.end) && f.end > f.start);
}

export const findingTypes = (json: unknown) => [...new Set(storedFindings(json).map((f) => f.type))].sort();

/**
 * Hidden (or being hidden) because the scanner found health information in it. Such a comment is
 * answered privately only: a public reply under it would draw attention to what was hidden.
 */
export const hiddenForPhi = (c: Pick<SocialComment, "hiddenAt" | "status" | "verdict">) =>
  (c.hiddenAt !== null || c.status === "HIDDEN_PENDING_REVIEW") && (c.verdict === "block" || c.verdict === "review");
