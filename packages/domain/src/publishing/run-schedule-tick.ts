import { expireDuePosts } from "./expire-due-posts";
import { publishDuePosts } from "./publish-due-posts";
import type { Publisher } from "./publisher";
import { sendReviewReminders } from "./send-review-reminders";

export interface ScheduleTickResult {
  expired: number;
  published: number;
  reminded: number;
}

/**
 * The worker's periodic pass over scheduled posts, across all orgs: expire what missed its time,
 * hand off what is due, remind approvers of what is due soon. Every step is safe to run from
 * several workers at once; each post is handled in its own transaction.
 */
export async function runScheduleTick(publisher: Publisher, now: Date = new Date()): Promise<ScheduleTickResult> {
  const expired = await expireDuePosts(now);
  const published = await publishDuePosts(publisher, now);
  const reminded = await sendReviewReminders(now);
  return { expired, published, reminded };
}
