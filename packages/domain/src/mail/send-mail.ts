import { randomUUID } from "node:crypto";
import { mailEnv } from "@vetted/config";
import { db, Prisma, type Tx, acrossOrgs, rawSql } from "@vetted/db";
import nodemailer, { type Transporter } from "nodemailer";
import { webRequestId, type RequestOrigin } from "../request-origin";
import { openMail, sealMail, type MailMessage, type StoredMail } from "./mail-crypto";
import { reportMailOutcome, type MailOutcome } from "./mail-outcomes";
import { outboxMessageId } from "./message-id";

export type { MailMessage } from "./mail-crypto";

/** Attempts before a mail becomes a dead letter (about two hours of backoff in all). */
export const MAIL_MAX_ATTEMPTS = 8;
// A claim pushes nextAttemptAt this far ahead: the row is the sender's for that long, and comes back
// by itself if the sender died mid-send. The sender renews it while the send runs (an SMTP server
// may take minutes: nodemailer waits up to 10 minutes for each answer), so only a dead sender's
// claim lapses and no other worker sends the row while its send is still running.
const CLAIM_LEASE_SECONDS = 300;

export interface ClaimTimings {
  /** How long a claim holds without renewal (tests shorten it). */
  leaseSeconds?: number;
  /** How often a running send renews its claim; default a third of the lease. */
  renewEveryMs?: number;
}

/** Delay after the n-th failed attempt: 30 s, 1 min, 2 min … doubling, at most 2 h. */
export const mailBackoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 7_200_000);

/**
 * Stores the message in the outbox inside the caller's transaction, sealed (mail-crypto.ts), so a
 * mail exists exactly when the change that caused it committed. The worker sends it; deliverMail
 * after the commit only sends it sooner. `origin` is the request that caused it (ctx.request, or the
 * worker job's payload; null for the worker's own periodic mail): its id goes on the row, when the
 * web made it, and from there on the log line of the send.
 */
export async function queueMail(tx: Tx, message: MailMessage, origin: RequestOrigin | null | undefined) {
  return tx.outboxMail.create({ data: { ...sealMail(randomUUID(), message), requestId: webRequestId(origin) }, select: { id: true } });
}

/** One mail of a bulk insert and the request behind it (see queueMail). */
export interface OutboxMailInput {
  message: MailMessage;
  origin: RequestOrigin | null | undefined;
}

/**
 * jsonInsert's column types for sealed rows plus their createdAt, which is also when they are first
 * due (timestamps without time zone holding UTC, as Prisma writes them; the column default would be
 * the database session's local time).
 */
export const OUTBOX_COLUMNS = {
  id: "uuid", toIndex: "text", toCipher: "text", subjectCipher: "text", textCipher: "text", htmlCipher: "text", requestId: "uuid",
  createdAt: "timestamp(3)", nextAttemptAt: "timestamp(3)",
};
/** Sealed rows for jsonInsert(…, OUTBOX_COLUMNS, …), created and due at `at`, for the inserts that write many mails in one statement. */
export const outboxRows = (mails: OutboxMailInput[], at: Date) =>
  mails.map((m) => ({ ...sealMail(randomUUID(), m.message), requestId: webRequestId(m.origin), createdAt: at, nextAttemptAt: at }));

const transports = new Map<string, Transporter>();
const transporter = (url: string) => transports.get(url) ?? transports.set(url, nodemailer.createTransport(url)).get(url)!;

type ClaimedMail = StoredMail & { attempts: number; requestId: string | null };

/**
 * Takes the next due, unsent, live row (or row `id`) for sending: FOR UPDATE SKIP LOCKED so concurrent
 * senders take different rows, and the lease makes it invisible to the others until it is marked sent
 * or failed.
 */
async function claimMail(leaseSeconds: number, id?: string): Promise<ClaimedMail | undefined> {
  const only = id ? Prisma.sql`AND id = ${id}::uuid` : Prisma.empty;
  const [row] = await rawSql(db(), acrossOrgs("mail outbox: no org owns an OutboxMail row")).query<ClaimedMail[]>`
    UPDATE "OutboxMail" m SET attempts = m.attempts + 1, "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds})
    WHERE m.id IN (
      SELECT id FROM "OutboxMail"
      WHERE "sentAt" IS NULL AND "deadAt" IS NULL AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC') ${only}
      ORDER BY "nextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING m.id::text, m."to", m.subject, m.text, m.html, m."toCipher", m."subjectCipher", m."textCipher", m."htmlCipher", m.attempts,
      m."requestId"::text AS "requestId"`;
  return row;
}

/**
 * Keeps the claim on `row` while its send runs; stop() ends the renewals and waits for one in flight,
 * so none lands after the send's outcome is written. Only this claim is renewed (same attempts, still
 * unsent): a row another sender took over after a lapse is left to it.
 */
function holdClaim(row: ClaimedMail, leaseSeconds: number, everyMs: number): { stop(): Promise<void> } {
  let inFlight: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = rawSql(db(), acrossOrgs("mail outbox: no org owns an OutboxMail row")).execute`
      UPDATE "OutboxMail" SET "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds})
      WHERE id = ${row.id}::uuid AND attempts = ${row.attempts} AND "sentAt" IS NULL AND "deadAt" IS NULL`
      // A renewal the database refused is not retried here: the next one comes a third of a lease later.
      .catch(() => undefined);
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

async function send(url: string, from: string, row: ClaimedMail, timings: Required<ClaimTimings>, via: MailOutcome["via"]): Promise<"sent" | "failed"> {
  const claim = holdClaim(row, timings.leaseSeconds, timings.renewEveryMs);
  const outcome = { mailId: row.id, requestId: row.requestId, attempts: row.attempts, via };
  try {
    const m = openMail(row);
    // The same Message-ID on every send of this row (message-id.ts): a resend is recognisably the same mail.
    await transporter(url).sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, messageId: outboxMessageId(row.id, from) });
    await claim.stop();
    await db().outboxMail.update({ where: { id: row.id }, data: { sentAt: new Date(), error: null } });
    reportMailOutcome({ ...outcome, outcome: "sent" });
    return "sent";
  } catch (error) {
    await claim.stop();
    // The class only: an SMTP error message can quote the recipient.
    const code = error instanceof Error ? error.name : "Error";
    const dead = row.attempts >= MAIL_MAX_ATTEMPTS;
    // Only while the claim is still this send's: had it lapsed and another sender taken the row, its outcome stands.
    await db().outboxMail.updateMany({
      where: { id: row.id, attempts: row.attempts, sentAt: null },
      data: { error: `SMTP delivery failed (${code})`, ...(dead ? { deadAt: new Date() } : { nextAttemptAt: new Date(Date.now() + mailBackoffMs(row.attempts)) }) },
    });
    reportMailOutcome({ ...outcome, outcome: dead ? "dead" : "failed", errorType: code });
    return "failed";
  }
}

const withDefaults = (t: ClaimTimings = {}): Required<ClaimTimings> => {
  const leaseSeconds = t.leaseSeconds ?? CLAIM_LEASE_SECONDS;
  return { leaseSeconds, renewEveryMs: t.renewEveryMs ?? (leaseSeconds * 1000) / 3 };
};

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
    const timings = withDefaults();
    const row = await claimMail(timings.leaseSeconds, id);
    if (!row) return "busy";
    return await send(env.SMTP_URL, env.MAIL_FROM, row, timings, "direct");
  } catch {
    return "failed";
  }
}

/**
 * The worker's sweep: sends up to `limit` due mails, retrying failures with backoff; a no-op without
 * SMTP. It claims one row at a time, just before sending it: rows claimed as a batch would wait out
 * their lease behind slow sends of the others, lapse, and be sent again by another worker.
 */
export async function sendDueMails(opts: { limit?: number } & ClaimTimings = {}): Promise<{ sent: number; failed: number }> {
  const env = mailEnv();
  const result = { sent: 0, failed: 0 };
  if (!env.SMTP_URL) return result;
  const timings = withDefaults(opts);
  for (let n = 0; n < (opts.limit ?? 50); n++) {
    const row = await claimMail(timings.leaseSeconds);
    if (!row) break;
    result[await send(env.SMTP_URL, env.MAIL_FROM, row, timings, "sweep")]++;
  }
  return result;
}

// The token is the credential of an invitation, signing or reset link: whoever reads it can join the
// org, sign as the patient, acknowledge the policy as a staff member or take over the account; a
// client approver's link (issue 16) is half of what it takes to approve a post as the client.
// /invite/<token>, /sign/<token>, /ack/<token>, /approve/<token> and /reset-password/<token>, whatever host the link names.
const TOKEN_LINK = /(\/(?:invite|sign|ack|approve|reset-password)\/)[A-Za-z0-9_~.%-]+/g;

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
