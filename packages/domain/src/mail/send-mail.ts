import { mailEnv } from "@vetted/config";
import { db, type Tx } from "@vetted/db";
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Stores the message in the outbox inside the caller's transaction, so a mail exists exactly when
 * the change that caused it committed. Call deliverMail after the commit.
 */
export async function queueMail(tx: Tx, message: MailMessage) {
  return tx.outboxMail.create({ data: { ...message, html: message.html ?? null } });
}

let transport: Transporter | undefined;

/**
 * Sends a stored message over SMTP when SMTP_URL is set. Without it, the outbox row is the
 * delivery: development mail is read on /dev/outbox. Failures are recorded on the row, not thrown,
 * because the change that queued the mail has already committed; the row shows what to resend.
 */
export async function deliverMail(id: string): Promise<"sent" | "outbox" | "failed"> {
  const env = mailEnv();
  if (!env.SMTP_URL) return "outbox";
  const mail = await db().outboxMail.findUniqueOrThrow({ where: { id } });
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  try {
    await transport.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
    await db().outboxMail.update({ where: { id }, data: { sentAt: new Date(), error: null } });
    return "sent";
  } catch (error) {
    const code = error instanceof Error ? error.name : "Error";
    await db().outboxMail.update({ where: { id }, data: { error: `SMTP delivery failed (${code})` } });
    return "failed";
  }
}

// The token is the credential of an invitation or signing link: whoever reads it can join the org or
// sign as the patient or acknowledge the policy as a staff member. /invite/<token>, /sign/<token> and
// /ack/<token>, whatever host the link names.
const TOKEN_LINK = /(\/(?:invite|sign|ack)\/)[A-Za-z0-9_~.%-]+/g;

/** A mail body with the token part of every invitation and signing link replaced by "…". */
export function maskMailTokens(body: string): string {
  return body.replace(TOKEN_LINK, "$1…");
}

/**
 * The newest mails for the development outbox page, tokens masked here so no caller can show a
 * working link (the stored row keeps it: SMTP delivery needs it).
 */
export async function listOutbox(limit = 50) {
  const mails = await db().outboxMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return mails.map((m) => ({ ...m, text: maskMailTokens(m.text), html: m.html === null ? null : maskMailTokens(m.html) }));
}
