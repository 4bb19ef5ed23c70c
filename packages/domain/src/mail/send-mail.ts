import { randomUUID } from "node:crypto";
import { mailEnv } from "@vetted/config";
import { db, Prisma, type Tx, acrossOrgs, rawSql } from "@vetted/db";
import nodemailer, { type Transporter } from "nodemailer";
import { openMail, sealMail, type MailMessage, type StoredMail } from "./mail-crypto";

export type { MailMessage } from "./mail-crypto";

/** Attempts before a mail becomes a dead letter (about two hours of backoff in all). */
export const MAIL_MAX_ATTEMPTS = 8;
// A claim pushes nextAttemptAt this far ahead: the row is the sender's for that long, and comes back
// by itself if the sender died mid-send. Far longer than any SMTP timeout.
const CLAIM_LEASE_SECONDS = 300;

/** Delay after the n-th failed attempt: 30 s, 1 min, 2 min … doubling, at most 2 h. */
export const mailBackoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 7_200_000);

/**
 * Stores the message in the outbox inside the caller's transaction, sealed (mail-crypto.ts), so a
 * mail exists exactly when the change that caused it committed. The worker sends it; deliverMail
 * after the commit only sends it sooner.
 */
export async function queueMail(tx: Tx, message: MailMessage) {
  return tx.outboxMail.create({ data: sealMail(randomUUID(), message), select: { id: true } });
}

/** Rows for several messages at once, for the bulk inserts that write many mails in one statement. */
export const sealMails = (messages: MailMessage[]) => messages.map((m) => sealMail(randomUUID(), m));
/**
 * jsonInsert's column types for sealed rows plus their createdAt, which is also when they are first
 * due (timestamps without time zone holding UTC, as Prisma writes them; the column default would be
 * the database session's local time).
 */
export const OUTBOX_COLUMNS = { id: "uuid", toIndex: "text", toCipher: "text", subjectCipher: "text", textCipher: "text", htmlCipher: "text", createdAt: "timestamp(3)", nextAttemptAt: "timestamp(3)" };
/** Sealed rows for jsonInsert(…, OUTBOX_COLUMNS, …), created and due at `at`. */
export const outboxRows = (messages: MailMessage[], at: Date) => sealMails(messages).map((m) => ({ ...m, createdAt: at, nextAttemptAt: at }));

const transports = new Map<string, Transporter>();
const transporter = (url: string) => transports.get(url) ?? transports.set(url, nodemailer.createTransport(url)).get(url)!;

type ClaimedMail = StoredMail & { attempts: number };

/**
 * Takes due, unsent, live rows for sending: FOR UPDATE SKIP LOCKED so concurrent senders split them,
 * and the lease makes the row invisible to the others until it is marked sent or failed.
 */
async function claimMails(limit: number, id?: string): Promise<ClaimedMail[]> {
  const only = id ? Prisma.sql`AND id = ${id}::uuid` : Prisma.empty;
  return rawSql(db(), acrossOrgs("mail outbox: no org owns an OutboxMail row")).query<ClaimedMail[]>`
    UPDATE "OutboxMail" m SET attempts = m.attempts + 1, "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${CLAIM_LEASE_SECONDS})
    WHERE m.id IN (
      SELECT id FROM "OutboxMail"
      WHERE "sentAt" IS NULL AND "deadAt" IS NULL AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC') ${only}
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING m.id::text, m."to", m.subject, m.text, m.html, m."toCipher", m."subjectCipher", m."textCipher", m."htmlCipher", m.attempts`;
}

async function send(url: string, from: string, row: ClaimedMail): Promise<"sent" | "failed"> {
  try {
    const m = openMail(row);
    await transporter(url).sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined });
    await db().outboxMail.update({ where: { id: row.id }, data: { sentAt: new Date(), error: null } });
    return "sent";
  } catch (error) {
    // The class only: an SMTP error message can quote the recipient.
    const code = error instanceof Error ? error.name : "Error";
    const dead = row.attempts >= MAIL_MAX_ATTEMPTS;
    await db().outboxMail.update({
      where: { id: row.id },
      data: { error: `SMTP delivery failed (${code})`, ...(dead ? { deadAt: new Date() } : { nextAttemptAt: new Date(Date.now() + mailBackoffMs(row.attempts)) }) },
    });
    return "failed";
  }
}

/**
 * Sends one stored message now, when SMTP_URL is set: the fast path after a commit. It claims the
 * row like the worker does, so a mail the worker already took is not sent twice ("busy"). Without
 * SMTP the outbox row is the delivery: development mail is read on /dev/outbox. Never throws: the
 * change that queued the mail has committed, and the worker retries.
 */
export async function deliverMail(id: string): Promise<"sent" | "outbox" | "failed" | "busy"> {
  const env = mailEnv();
  if (!env.SMTP_URL) return "outbox";
  try {
    const [row] = await claimMails(1, id);
    if (!row) return "busy";
    return await send(env.SMTP_URL, env.MAIL_FROM, row);
  } catch {
    return "failed";
  }
}

/** The worker's sweep: sends due mails, retrying failures with backoff; a no-op without SMTP. */
export async function sendDueMails(opts: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const env = mailEnv();
  const result = { sent: 0, failed: 0 };
  if (!env.SMTP_URL) return result;
  for (const row of await claimMails(opts.limit ?? 50)) result[await send(env.SMTP_URL, env.MAIL_FROM, row)]++;
  return result;
}

// The token is the credential of an invitation, signing or reset link: whoever reads it can join the
// org, sign as the patient, acknowledge the policy as a staff member or take over the account.
// /invite/<token>, /sign/<token>, /ack/<token> and /reset-password/<token>, whatever host the link names.
const TOKEN_LINK = /(\/(?:invite|sign|ack|reset-password)\/)[A-Za-z0-9_~.%-]+/g;

/** A mail body with the token part of every invitation and signing link replaced by "…". */
export function maskMailTokens(body: string): string {
  return body.replace(TOKEN_LINK, "$1…");
}

/**
 * The newest mails for the development outbox page, decrypted and with tokens masked here so no
 * caller can show a working link (the stored row keeps it: SMTP delivery needs it).
 */
export async function listOutbox(limit = 50) {
  const rows = await db().outboxMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => {
    const m = openMail(row);
    return { id: row.id, createdAt: row.createdAt, sentAt: row.sentAt, error: row.error, deadAt: row.deadAt, to: m.to, subject: m.subject, text: maskMailTokens(m.text), html: m.html === null ? null : maskMailTokens(m.html) };
  });
}
