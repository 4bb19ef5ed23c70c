import { pgDirect, scopedDb, type Channel, type ModerationActionKind, Prisma, type RawClient, type Tx, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { lockAndChainAuditEvents, recordAuditEvent, type AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { openField } from "./moderation-crypto";
import { platformFailure, type AccountAccess, type Failure, type PlatformClient, type PlatformClients } from "./platform-client";

export interface SendOptions {
  clients: PlatformClients;
  /** Wait before the next try after the n-th failed attempt (transient errors). */
  backoffMs?: (attempt: number) => number;
  /** Attempts before a transient failure becomes FAILED. */
  maxAttempts?: number;
  /** How long a claimed action is left to its sender before another worker may take it. */
  leaseMs?: number;
}

export type SendOutcome = "SENT" | "FAILED" | "RETRY" | "DEFERRED" | "SKIPPED";

const defaultBackoff = (attempt: number) => Math.min(2_000 * 2 ** (attempt - 1), 10 * 60_000);
const RATE_LIMIT_WAIT_S = 60;

interface Claimed {
  id: string;
  kind: ModerationActionKind;
  attempts: number;
  commentId: string;
  commentExternalId: string;
  postExternalId: string | null;
  commentDeleted: boolean;
  textCipher: string | null;
  accountId: string;
  platform: Channel;
  accountExternalId: string;
  tokenCipher: string;
}

/**
 * Sends one PENDING moderation action through its platform's connector and records the outcome.
 * The claim (one more attempt, a lease on nextAttemptAt) is a conditional update: of two senders,
 * one gets the row. Only actions of ACTIVE accounts are claimed.
 * - success, or ALREADY_REPLIED for a private reply (the platform has one): SENT, the comment updated;
 * - TOKEN_INVALID: the account is EXPIRED and its admins told; the action waits for a reconnect;
 * - RATE_LIMITED: tried again after the platform's wait, without using up an attempt;
 * - other retryable errors: backoff until maxAttempts, except a reply whose outcome is unknown (a
 *   timeout after sending): it is never re-sent blindly, it FAILS as OUTCOME_UNKNOWN for a person to check;
 * - anything permanent: FAILED with the code; a hide or unhide answered NOT_FOUND also marks the
 *   comment deleted (it is gone from the platform: nothing will ever be sent for it again).
 */
export async function sendModerationAction(orgId: string, actionId: string, opts: SendOptions): Promise<SendOutcome> {
  const leaseMs = opts.leaseMs ?? 60_000;
  const now = new Date();
  const [claimed] = await rawSql(pgDirect(), forOrg(orgId)).query<Claimed[]>`
    UPDATE "ModerationAction" a SET attempts = a.attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + leaseMs)}
    FROM "ConnectedAccount" c, "SocialComment" s
    WHERE a.id = ${actionId}::uuid AND a."orgId" = ${ORG_ID}::uuid AND a.status = 'PENDING' AND a."nextAttemptAt" <= ${now}
      AND c.id = a."accountId" AND c."orgId" = a."orgId" AND c.status = 'ACTIVE'
      AND s.id = a."commentId" AND s."orgId" = a."orgId"
    RETURNING a.id::text, a.kind, a.attempts, a."commentId"::text AS "commentId", s."externalId" AS "commentExternalId", s."postExternalId",
      s."deletedAt" IS NOT NULL AS "commentDeleted", a."textCipher", c.id::text AS "accountId", c.platform,
      c."externalId" AS "accountExternalId", c."tokenCipher"`;
  if (!claimed) return "SKIPPED";

  let failure: Failure | null = null;
  if (claimed.commentDeleted && claimed.kind !== "DELETE") {
    failure = { code: "COMMENT_REMOVED", retryable: false, outcomeUnknown: false };
  } else {
    const client = opts.clients(claimed.platform);
    try {
      if (!client) throw Object.assign(new Error("no connector"), { name: "PlatformError", code: "UNSUPPORTED", retryable: false });
      await perform(client, orgId, claimed);
    } catch (error) {
      failure = platformFailure(error);
    }
  }
  return record(orgId, claimed, failure, opts);
}

async function perform(client: PlatformClient, orgId: string, a: Claimed): Promise<void> {
  const account: AccountAccess = {
    platform: a.platform,
    externalId: a.accountExternalId,
    accessToken: openField(a.tokenCipher, "connected-account", orgId, a.accountId, "token"),
    accountId: a.accountId,
    orgId,
  };
  const where = a.postExternalId ? { postExternalId: a.postExternalId } : {};
  switch (a.kind) {
    case "HIDE":
    case "UNHIDE":
      return client.setCommentHidden(account, a.commentExternalId, a.kind === "HIDE", where);
    case "DELETE":
      return client.deleteComment(account, a.commentExternalId);
    case "PRIVATE_REPLY":
      return client.sendPrivateReply(account, a.commentExternalId, openField(a.textCipher!, "moderation-action", orgId, a.id, "text"));
    case "PUBLIC_REPLY":
      if (!client.sendPublicReply) throw Object.assign(new Error("no public replies"), { name: "PlatformError", code: "UNSUPPORTED", retryable: false });
      return client.sendPublicReply(account, a.commentExternalId, openField(a.textCipher!, "moderation-action", orgId, a.id, "text"), where);
  }
}

type Decision = { status: "SENT"; code: string | null } | { status: "FAILED"; code: string } | { status: "RETRY"; code: string; delayMs: number; countAttempt: boolean } | { status: "DEFERRED"; code: string };

function decide(a: Claimed, failure: Failure | null, opts: SendOptions): Decision {
  if (!failure) return { status: "SENT", code: null };
  const reply = a.kind === "PRIVATE_REPLY" || a.kind === "PUBLIC_REPLY";
  // Both mean the platform is already in the state asked for (a retry after an unanswered first try).
  if (failure.code === "ALREADY_REPLIED" && a.kind === "PRIVATE_REPLY") return { status: "SENT", code: "ALREADY_REPLIED" };
  if (failure.code === "NOT_FOUND" && a.kind === "DELETE") return { status: "SENT", code: "NOT_FOUND" };
  if (failure.code === "TOKEN_INVALID") return { status: "DEFERRED", code: failure.code };
  if (failure.code === "RATE_LIMITED") return { status: "RETRY", code: failure.code, delayMs: (failure.retryAfterSeconds ?? RATE_LIMIT_WAIT_S) * 1000, countAttempt: false };
  if (!failure.retryable) return { status: "FAILED", code: failure.code };
  if (reply && failure.outcomeUnknown) return { status: "FAILED", code: "OUTCOME_UNKNOWN" };
  if (a.attempts >= (opts.maxAttempts ?? 8)) return { status: "FAILED", code: failure.code };
  return { status: "RETRY", code: failure.code, delayMs: (opts.backoffMs ?? defaultBackoff)(a.attempts), countAttempt: true };
}

/** The comment's columns after a sent action (with updatedAt, as Prisma wrote them); null: the comment is not written. */
const COMMENT_AFTER: Record<ModerationActionKind, (at: Date) => Prisma.Sql | null> = {
  HIDE: (at) => Prisma.sql`"hiddenAt" = ${at}, "visibilityEventAt" = ${at}`,
  UNHIDE: (at) => Prisma.sql`"hiddenAt" = NULL, "visibilityEventAt" = ${at}`,
  DELETE: (at) => Prisma.sql`"deletedAt" = ${at}`,
  PRIVATE_REPLY: (at) => Prisma.sql`"privateRepliedAt" = ${at}`,
  PUBLIC_REPLY: () => null,
};

async function record(orgId: string, a: Claimed, failure: Failure | null, opts: SendOptions): Promise<SendOutcome> {
  const d = decide(a, failure, opts);
  const at = new Date();
  // DEFERRED (the token refused: rare) marks the account and tells its admins through model queries;
  // every other outcome is raw SQL on the pg pool, as the event processor's (one per hide of a storm).
  const mails = d.status === "DEFERRED"
    ? await scopedDb(orgId).$transaction((tx) => recordDeferred(tx, orgId, a, d.code, at))
    : await pgDirect().transaction((tx) => recordOutcome(tx, orgId, a, d, at));
  if (mails === null) return "SKIPPED";
  for (const id of mails) await deliverMail(id);
  return d.status;
}

const auditOf = (orgId: string, a: Claimed) => (action: string, extra: Record<string, unknown> = {}): AuditEventInput =>
  ({ ...WORKER_ACTOR, orgId, action, targetType: "SocialComment", targetId: a.commentId, metadata: { actionId: a.id, kind: a.kind, attempts: a.attempts, ...extra } });

/** SENT, FAILED or RETRY; every write is conditional on the claim still being ours (PENDING, same attempt count). null: it was not. */
async function recordOutcome(tx: RawClient, orgId: string, a: Claimed, d: Exclude<Decision, { status: "DEFERRED" }>, at: Date): Promise<string[] | null> {
  const sql = rawSql(tx, forOrg(orgId));
  // The comment row first, as the event processor does (it updates the comment, then may cancel
  // this action): one lock order, so the two never deadlock.
  await sql.query`SELECT 1 FROM "SocialComment" WHERE id = ${a.commentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
  const audit = auditOf(orgId, a);
  if (d.status === "SENT") {
    // An event's re-read may have seen the hide (or the deletion) on the platform before this commit: its time stands.
    const commentAfter = COMMENT_AFTER[a.kind](at);
    const unseen = a.kind === "HIDE" ? Prisma.sql`AND "hiddenAt" IS NULL` : a.kind === "DELETE" ? Prisma.sql`AND "deletedAt" IS NULL` : Prisma.empty;
    const done = await settle(tx, orgId, a, at, {
      action: Prisma.sql`status = 'SENT', "sentAt" = ${at}, "lastErrorCode" = ${d.code}`,
      comment: commentAfter && { set: commentAfter, where: unseen },
      audit: audit("moderation.sent", d.code ? { errorCode: d.code } : {}),
    });
    return done ? [] : null;
  }
  if (d.status === "FAILED") {
    // A hide or unhide that finds the comment gone: it was deleted on the platform (final, as a remove event).
    const gone = d.code === "NOT_FOUND" && (a.kind === "HIDE" || a.kind === "UNHIDE");
    const done = await settle(tx, orgId, a, at, {
      action: Prisma.sql`status = 'FAILED', "failedAt" = ${at}, "lastErrorCode" = ${d.code}`,
      comment: gone ? { set: Prisma.sql`"deletedAt" = ${at}`, where: Prisma.sql`AND "deletedAt" IS NULL` } : null,
      audit: audit("moderation.failed", { errorCode: d.code, ...(gone ? { commentGone: true } : {}) }),
    });
    return done ? [] : null;
  }
  const done = await sql.execute`UPDATE "ModerationAction" SET "lastErrorCode" = ${d.code}, "nextAttemptAt" = ${new Date(at.getTime() + d.delayMs)},
      attempts = ${d.countAttempt ? a.attempts : a.attempts - 1}
    WHERE id = ${a.id}::uuid AND "orgId" = ${ORG_ID}::uuid AND status = 'PENDING' AND attempts = ${a.attempts}`;
  return done === 0 ? null : [];
}

/** DEFERRED: due again at once, but only claimed when the account is ACTIVE again. */
async function recordDeferred(tx: Tx, orgId: string, a: Claimed, code: string, at: Date): Promise<string[] | null> {
  await rawSql(tx, forOrg(orgId)).query`SELECT 1 FROM "SocialComment" WHERE id = ${a.commentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
  const done = await tx.moderationAction.updateMany({
    where: { id: a.id, orgId, status: "PENDING", attempts: a.attempts },
    data: { lastErrorCode: code, nextAttemptAt: at, attempts: a.attempts - 1 },
  });
  if (done.count === 0) return null;
  await recordAuditEvent(tx, auditOf(orgId, a)("moderation.deferred", { errorCode: code }));
  return markAccountTokenInvalid(tx, orgId, a.accountId, code);
}

interface Settlement {
  /** SET clause of the action's final state. */
  action: Prisma.Sql;
  /** The comment's columns to write (updatedAt is added) and a condition on it; null: the comment is left alone. */
  comment: { set: Prisma.Sql; where: Prisma.Sql } | null;
  audit: AuditEventInput;
}

/**
 * An action's outcome in one statement, after the audit chain's lock: the action (only while the
 * claim is still ours), the comment, and the audit event, the latter two only when the action was
 * written. The org's other writers wait for the chain's lock until the commit, so no round trip of
 * this sender's comes after it but the commit. false: the claim was lost, nothing was written.
 */
async function settle(tx: RawClient, orgId: string, a: Claimed, at: Date, s: Settlement): Promise<boolean> {
  const onlyIfDone = Prisma.sql`EXISTS (SELECT 1 FROM done)`;
  const audit = (await lockAndChainAuditEvents(tx, [s.audit], { onlyIf: onlyIfDone }))!;
  const comment = s.comment
    ? Prisma.sql`, comment AS (UPDATE "SocialComment" SET ${s.comment.set}, "updatedAt" = ${at}
        WHERE id = ${a.commentId}::uuid AND "orgId" = ${ORG_ID}::uuid ${s.comment.where} AND ${onlyIfDone})`
    : Prisma.empty;
  const [row] = await rawSql(tx, forOrg(orgId)).query<{ done: number }[]>(Prisma.sql`
    WITH done AS (
      UPDATE "ModerationAction" SET ${s.action}
      WHERE id = ${a.id}::uuid AND "orgId" = ${ORG_ID}::uuid AND status = 'PENDING' AND attempts = ${a.attempts} RETURNING id
    )${comment}, audit AS (${audit})
    SELECT count(*)::int AS done FROM done`);
  return (row?.done ?? 0) > 0;
}
