import { mailEnv } from "@vetted/config";
import type { Tx } from "@vetted/db";
import { queueMail } from "../mail/send-mail";

export const NOTIFICATION_KINDS = {
  submitted: "A post was submitted and is being scanned",
  ready_for_review: "A post is waiting for your review",
  approved: "Your post was approved",
  changes_requested: "Changes were requested on your post",
  rejected: "Your post was rejected",
  scan_failed: "A post could not be scanned",
  reminder: "A post scheduled soon is still waiting for approval",
  published: "A post was handed off for publishing",
  expired: "A post expired before it was approved",
  comment: "New comment on a post",
  consent_withdrawn: "A consent this post relies on was withdrawn",
  override_requested: "An override of a blocking finding was requested",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/**
 * In-app notifications plus an email for each recipient, inside the caller's transaction. Mail
 * carries the org and a link, never the post's text or title (they may hold PHI until approved).
 * Returns the outbox mail ids to deliver after the commit.
 */
export async function notifyUsers(
  tx: Tx,
  input: { orgId: string; orgSlug: string; orgName: string; postId: string | null; kind: NotificationKind; userIds: string[] },
): Promise<string[]> {
  const recipients = [...new Set(input.userIds)];
  if (recipients.length === 0) return [];
  await tx.notification.createMany({
    data: recipients.map((userId) => ({ orgId: input.orgId, userId, postId: input.postId, kind: input.kind })),
  });
  const users = await tx.user.findMany({ where: { id: { in: recipients } }, select: { email: true } });
  const link = input.postId ? `${mailEnv().APP_URL}/orgs/${input.orgSlug}/posts/${input.postId}` : `${mailEnv().APP_URL}/orgs/${input.orgSlug}`;
  const subject = `${NOTIFICATION_KINDS[input.kind]} · ${input.orgName}`;
  const ids: string[] = [];
  for (const user of users) {
    const mail = await queueMail(tx, { to: user.email, subject, text: `${NOTIFICATION_KINDS[input.kind]} in ${input.orgName}.\n\nOpen it in Vetted: ${link}` });
    ids.push(mail.id);
  }
  return ids;
}
