import { mailEnv } from "@vetted/config";
import { acrossOrgs, Prisma, type RawClient, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { jsonInsert } from "../json-insert";
import { OUTBOX_COLUMNS, outboxRows } from "../mail/send-mail";
import type { RequestOrigin } from "../request-origin";

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
  removal_task: "A published post must be taken down: a consent it relies on was withdrawn",
  removal_reminder: "Reminder: a published post still has to be taken down",
  removal_escalated: "Overdue: a published post is still up after a consent was withdrawn",
  override_requested: "An override of a blocking finding was requested",
  consent_signed: "A patient signed an authorization you sent for signing",
  consent_expiring: "A consent used in posts expires within two weeks: renew it or plan the take-down",
  account_disconnected: "A connected social account lost its access: reconnect it so comments are moderated again",
  comment_hidden: "A comment with health information was hidden: review it",
  comment_response_due: "A comment needs its first response within 30 minutes",
  comment_response_overdue: "Overdue: a comment has had no first response within the organization's time",
  // Private and employee groups, incidents (issue 12).
  group_report: "A post in an employee group was reported: review it",
  group_report_failed: "A screenshot you reported could not be read: paste its text instead",
  coaching_note: "A compliance officer sent you a coaching note",
  incident_opened: "A possible breach was opened as an incident: the 60-day notification clock is running",
  incident_deadline: "Reminder: a breach incident's 60-day notification deadline is approaching",
  incident_overdue: "Overdue: a breach incident's 60-day notification deadline has passed and it is not closed",
  // The policy manual's acknowledgements (issue 13).
  policy_ack_assigned: "A new version of the social media policy is ready for you to read and sign",
  policy_ack_reminder: "Reminder: read and sign the social media policy before its due date",
  policy_ack_overdue: "Overdue: you have not yet signed the social media policy",
  policy_ack_escalated: "Policy acknowledgements are overdue: see the coverage report",
  policy_coaching_assigned: "You have a short policy coaching task: read one section of the manual and answer a question",
  policy_ack_renewal: "It is time to read and sign the social media policy again (periodic acknowledgement)",
  policy_version_submitted: "A version of the social media policy was submitted for your review",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Where a notification about no post or comment leads, under /orgs/<slug> (ids and enums only, never PHI). */
export const NOTIFICATION_PATHS: Partial<Record<NotificationKind, string>> = {
  group_report: "/groups", group_report_failed: "/groups", coaching_note: "/groups/coaching", incident_opened: "/incidents",
  incident_deadline: "/incidents", incident_overdue: "/incidents",
  policy_ack_assigned: "/policy/acknowledge", policy_ack_reminder: "/policy/acknowledge", policy_ack_overdue: "/policy/acknowledge",
  policy_ack_escalated: "/policy/coverage", policy_coaching_assigned: "/policy/acknowledge",
  policy_ack_renewal: "/policy/acknowledge", policy_version_submitted: "/policy",
};

export interface NotifyInput {
  orgId: string;
  orgSlug: string;
  orgName: string;
  postId: string | null;
  /** The social comment it is about (comment moderation): the link opens it in the inbox. */
  commentId?: string | null;
  kind: NotificationKind;
  userIds: string[];
  /**
   * The request that caused it (ctx.request, or the worker job's payload): its id goes on the mails,
   * for the log line of their send (see queueMail). None for the worker's periodic notices.
   */
  request?: RequestOrigin | undefined;
}

/**
 * In-app notifications plus an email for each recipient, inside the caller's transaction. Mail
 * carries the org and a link, never the post's text or title (they may hold PHI until approved).
 * Returns the outbox mail ids to deliver after the commit.
 */
export async function notifyUsers(tx: RawClient, input: NotifyInput): Promise<string[]> {
  return notifyMany(tx, [input]);
}

/**
 * notifyUsers for several posts or kinds at once, in one statement whatever their number (two when
 * the recipients' addresses must be read first). `emails`: the caller read the recipients' addresses
 * already (user id → address); a recipient missing from it gets the in-app notification only.
 */
export async function notifyMany(tx: RawClient, inputs: NotifyInput[], emails?: ReadonlyMap<string, string>): Promise<string[]> {
  const writes = await notificationWrites(tx, inputs, emails);
  if (!writes) return [];
  // The org's notifications and the org-less outbox rows together: the org's scope binds the former.
  const rows = await rawSql(tx, forOrg(writes.orgId)).query<{ id: string | null }[]>(Prisma.sql`WITH notified AS (${writes.notifications}) ${writes.mails}`);
  return rows.flatMap((r) => (r.id ? [r.id] : []));
}

/**
 * The two inserts behind notifyMany, for a caller that runs them inside a larger statement (the scan
 * worker commits a batch of scans in as few round trips as it can). `mails` returns the outbox ids.
 * The recipients' addresses are read here unless the caller knows them (`knownEmails`); a recipient
 * without an address gets the in-app notification only. The notifications are one org's (bound to
 * it: run them with rawSql(tx, forOrg(orgId))); the mails belong to no org.
 */
export async function notificationWrites(tx: RawClient, inputs: NotifyInput[], knownEmails?: ReadonlyMap<string, string>): Promise<NotificationStatements | null> {
  if (knownEmails) return notificationStatements(inputs, knownEmails);
  const userIds = [...new Set(inputs.flatMap((i) => i.userIds))];
  if (userIds.length === 0) return null;
  // Raw, so notifications can be written on any client (the comment worker's transactions are pg-direct).
  const users = await rawSql(tx, acrossOrgs("recipients' addresses: a user belongs to no one org")).query<{ id: string; email: string }[]>`
    SELECT id::text, email FROM "User" WHERE id = ANY(${userIds}::uuid[])`;
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return notificationStatements(inputs, emails);
}

export interface NotificationStatements {
  orgId: string;
  notifications: Prisma.Sql;
  mails: Prisma.Sql;
}

/** notificationWrites with the addresses given (user id → address): builds the statements, reads nothing. */
export function notificationStatements(inputs: NotifyInput[], emails: ReadonlyMap<string, string>): NotificationStatements | null {
  const each = inputs.map((input) => ({ input, recipients: [...new Set(input.userIds)] })).filter((e) => e.recipients.length > 0);
  if (each.length === 0) return null;
  const orgId = each[0]!.input.orgId;
  if (each.some((e) => e.input.orgId !== orgId)) throw new Error("notificationWrites: all notifications must belong to one org");
  const createdAt = new Date();
  const appUrl = mailEnv().APP_URL;
  const notifications = each.flatMap(({ input, recipients }) =>
    recipients.map((userId) => ({ orgId: input.orgId, userId, postId: input.postId, commentId: input.commentId ?? null, kind: input.kind, createdAt })),
  );
  // Addresses are read before, not joined in the insert: the mail row holds them sealed (mail-crypto.ts).
  const messages = each.flatMap(({ input, recipients }) => {
    const link = input.commentId
      ? `${appUrl}/orgs/${input.orgSlug}/inbox/${input.commentId}`
      : input.postId ? `${appUrl}/orgs/${input.orgSlug}/posts/${input.postId}` : `${appUrl}/orgs/${input.orgSlug}${NOTIFICATION_PATHS[input.kind] ?? ""}`;
    const subject = `${NOTIFICATION_KINDS[input.kind]} · ${input.orgName}`;
    const text = `${NOTIFICATION_KINDS[input.kind]} in ${input.orgName}.\n\nOpen it in Vetted: ${link}`;
    // A recipient without a user row gets the in-app notification only.
    return recipients.flatMap((userId) => (emails.has(userId) ? [{ message: { to: emails.get(userId)!, subject, text }, origin: input.request }] : []));
  });
  const mails = outboxRows(messages, createdAt);
  return {
    orgId,
    notifications: jsonInsert("Notification", { orgId: "uuid", userId: "uuid", postId: "uuid", commentId: "uuid", kind: "text", createdAt: "timestamptz(3)" }, notifications, { orgId: ORG_ID }),
    // OutboxMail.createdAt is a timestamp without time zone holding UTC, as Prisma writes it.
    mails: mails.length
      ? Prisma.sql`${jsonInsert("OutboxMail", OUTBOX_COLUMNS, mails)} RETURNING id::text AS id`
      : Prisma.sql`SELECT NULL::text AS id WHERE false`,
  };
}
