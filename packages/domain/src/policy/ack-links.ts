import { mailEnv } from "@vetted/config";
import type { Tx } from "@vetted/db";
import { acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { AppError } from "../errors";
import { jsonInsert } from "../json-insert";
import { OUTBOX_COLUMNS, outboxRows } from "../mail/send-mail";
import type { RequestOrigin } from "../request-origin";
import { ACK_LINK_DAYS, DAY_MS, newAckToken } from "./ack-rules";

// The emailed acknowledgement links, issued in bulk: approving a version mails every person without a
// Vetted account at once, and the reminder sweep re-mails each one still to sign. Two statements
// whatever their number (the tokens' hashes set, the mails queued), inside the caller's transaction.

export type AckMailKind = "start" | "renewal" | "reminder" | "overdue" | "resend";

export interface AckLinkTarget {
  ackId: string;
  email: string;
  dueAt: Date;
}

function mailFor(kind: AckMailKind, orgName: string, dueAt: Date, url: string, linkExpiresAt: Date) {
  const due = dueAt.toISOString().slice(0, 10);
  const opening = {
    start: `${orgName} asks you to read its social media policy, answer a short quiz and sign that you understood it, by ${due}.`,
    renewal: `${orgName} asks you to read its social media policy again, answer the quiz and sign it, as it does periodically, by ${due}.`,
    reminder: `Reminder: ${orgName} asks you to read and sign its social media policy by ${due}.`,
    overdue: `Your acknowledgement of ${orgName}'s social media policy was due on ${due} and is overdue.`,
    resend: `${orgName} sent you a new link to read and sign its social media policy (due ${due}).`,
  }[kind];
  return {
    subject: kind === "overdue" ? `Overdue: sign ${orgName}'s social media policy` : `Please read and sign ${orgName}'s social media policy`,
    text:
      `${opening}\n\nOpen this link to read it, take the quiz and sign: ${url}\n\n` +
      `The link works once and expires on ${linkExpiresAt.toISOString().slice(0, 10)}; any earlier link no longer works. ` +
      `If you did not expect this message, contact ${orgName}.`,
  };
}

/**
 * A new single-use link for each acknowledgement, mailed: the previous link of each stops working at
 * once (its hash is replaced). The mail names the org and the policy, nothing about anyone. Only
 * unsigned rows of `orgId` are touched; returns the outbox ids to deliver after the commit. `origin`:
 * the request that asked for the links (none for the worker's reminders), named on the mails' rows.
 */
export async function issueAckLinks(
  tx: Tx,
  orgId: string,
  orgName: string,
  targets: AckLinkTarget[],
  kind: AckMailKind,
  origin: RequestOrigin | null | undefined,
  now: Date = new Date(),
): Promise<{ mailIds: string[]; linkExpiresAt: Date }> {
  const linkExpiresAt = new Date(now.getTime() + ACK_LINK_DAYS * DAY_MS);
  if (targets.length === 0) return { mailIds: [], linkExpiresAt };
  const appUrl = mailEnv().APP_URL;
  const links = targets.map((t) => ({ ...t, ...newAckToken() }));
  const updated = await rawSql(tx, forOrg(orgId)).execute`
    UPDATE "PolicyAcknowledgement" a
    SET "linkTokenHash" = v.h, "linkExpiresAt" = ${linkExpiresAt}, "linkSentAt" = ${now}, "updatedAt" = ${now}
    FROM jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ id: l.ackId, h: l.tokenHash })))}::jsonb) AS v(id uuid, h text)
    WHERE a.id = v.id AND a."orgId" = ${ORG_ID}::uuid AND a."signedAt" IS NULL`;
  if (updated !== links.length) throw new AppError("CONFLICT", "This acknowledgement was signed meanwhile: no link was sent");
  // OutboxMail.createdAt is a timestamp without time zone holding UTC, as Prisma writes it.
  const mails = outboxRows(links.map((l) => ({ message: { to: l.email, ...mailFor(kind, orgName, l.dueAt, `${appUrl}/ack/${l.token}`, linkExpiresAt) }, origin })), now);
  await rawSql(tx, acrossOrgs("mail outbox: no org owns an OutboxMail row")).execute(jsonInsert("OutboxMail", OUTBOX_COLUMNS, mails));
  return { mailIds: mails.map((m) => m.id), linkExpiresAt };
}
