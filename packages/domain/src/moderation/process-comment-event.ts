import { pgDirect, scopedDb, type CommentEvent, type RawClient, type SocialComment, advisoryXactLock, forOrg, ORG_ID, Prisma, rawSql } from "@vetted/db";
import type { CommentEventPayload } from "@vetted/queue";
import { lockAndChainAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { applyCommentEvent, type Applied, type Seen } from "./apply-comment-event";
import { loadCommentModerationInputs } from "./load-comment-moderation-inputs";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { openOptional } from "./moderation-crypto";
import { commentReader, readPlatformComment } from "./read-platform-comment";
import type { PlatformClients } from "./platform-client";
import { scanComment } from "./scan-comment";
import { trackCommentResponse } from "./track-comment-response";
import { sendModerationAction, type SendOptions } from "./send-moderation-action";

export interface CommentDeps extends Partial<SendOptions> {
  /**
   * The connectors: each event's comment is re-read through them before it is applied, and the
   * actions written are sent at once. Without (or for a platform they cannot read), the event's own
   * content is applied and the sweeper sends the actions.
   */
  clients?: PlatformClients;
  /** How long the transaction that holds the comment's lock may wait for the re-read (default 30 s). */
  lockTimeoutMs?: number;
}

export interface ProcessedCommentEvent {
  outcome: "APPLIED" | "IGNORED" | "ALREADY_PROCESSED";
  commentId: string | null;
  actionIds: string[];
}

/**
 * The worker's half of an event. Events are hints: under the comment's lock the comment is re-read
 * from the platform, and what the platform says now is applied (comment-event-plan.ts), so edits,
 * deletes, duplicates and out-of-order deliveries are harmless; a comment gone from the platform is
 * marked deleted and nothing is sent for it. Runs exactly once per event whatever BullMQ does: a
 * per-comment advisory lock serializes the events of one comment (and their re-reads), then the event
 * row is locked and processedAt checked. Actions written are sent after the commit. The audit chain's
 * per-org lock is taken last, with the final write: all of one org's events queue on it.
 * - an unknown event (or another org's): NOT_FOUND;
 * - the platform refuses the account's token, or the account is not ACTIVE: the account is marked
 *   and its admins told (once), the event is left unprocessed, and FORBIDDEN is thrown: the processor
 *   fails the job for good (the reconciliation poll catches the comment up after a reconnect);
 * - any other failure of the re-read is thrown as is, for the queue's retries.
 */
export async function processCommentEvent(payload: CommentEventPayload, deps: CommentDeps = {}): Promise<ProcessedCommentEvent> {
  const { orgId, commentEventId } = payload;
  // Raw statements on the pg pool (pg-direct.ts): an event is ~8 statements and a platform's comment
  // storm is thousands of events; through Prisma each cost ~0.3 ms more CPU (bench:comments, issue 17).
  const client = pgDirect();
  const inputs = await loadCommentModerationInputs(client, orgId, commentEventId);
  if (!inputs) throw AppError.notFound("Comment event not found");
  const { event, account, settings, config, postId } = inputs;
  if (event.processedAt) return { outcome: "ALREADY_PROCESSED", commentId: null, actionIds: [] };
  const reader = commentReader(deps.clients, account, orgId);
  const scan = (text: string) => scanComment(text, event.platform, config);

  type Outcome = { kind: "applied"; applied: Applied; mails: string[] } | { kind: "done" } | { kind: "account"; code: string };
  const outcome = await client.transaction(async (tx): Promise<Outcome> => {
    // The comment's lock serializes its events (and their re-reads); under it, the event row and the
    // stored comment are row-locked and read in one statement.
    await advisoryXactLock(tx, `comment:${event.accountId}:${event.objectId}`);
    const locked = await lockEventAndComment(tx, orgId, event);
    if (!locked || locked.processedAt) return { kind: "done" };
    // The row lock before the re-read: the outbox sender records a sent hide under the same lock, so
    // what is stored and what the platform says are read in that order, never a hide in between.
    const { stored } = locked;
    // A comment already deleted is not read again: deleted is final.
    const seen = !reader ? eventContent(event) : stored?.deletedAt ? { source: "platform" as const, readAt: new Date(), comment: null } : await readPlatformComment(reader, event.objectId);
    if (seen.source === "token_invalid") return { kind: "account", code: seen.code };
    const applied = await applyCommentEvent(tx, { orgId, event, stored, seen, scan, settings, postId });
    // The first-response deadline, and the officers told of an automatic hide (comment-sla.ts); before
    // the audit, whose per-org lock is held until the commit.
    const mails = await trackCommentResponse(tx, orgId, applied, settings.firstResponseSlaMinutes, payload);
    await markProcessedAndAudit(tx, orgId, event.id, applied.audit);
    return { kind: "applied", applied, mails };
  }, { timeoutMs: deps.lockTimeoutMs ?? 30_000 });

  if (outcome.kind === "done") return { outcome: "ALREADY_PROCESSED", commentId: null, actionIds: [] };
  if (outcome.kind === "account") {
    // Nothing was written for the event (it stays unprocessed): the account is marked on its own.
    const mails = await scopedDb(orgId).$transaction((tx) => markAccountTokenInvalid(tx, orgId, account.id, outcome.code, "EXPIRED", payload));
    for (const id of mails) await deliverMail(id);
    throw new AppError("FORBIDDEN", "The connected account must be reconnected before its comments can be read");
  }
  const { applied } = outcome;
  if (deps.clients) {
    for (const actionId of applied.actionIds) {
      // Best effort: a failure here is the sweeper's to retry (the action stays PENDING or is scheduled).
      await sendModerationAction(orgId, actionId, { ...deps, clients: deps.clients }).catch(() => undefined);
    }
  }
  // After the hide went out: the officers' mail must not delay it.
  for (const id of outcome.mails) await deliverMail(id);
  return { outcome: applied.plan === "ignore" ? "IGNORED" : "APPLIED", commentId: applied.commentId, actionIds: applied.actionIds };
}

/**
 * The event row and the stored comment, both row-locked, in one statement: null when the event is not
 * there; `stored` null when the comment has no row yet (the caller's advisory lock covers its creation).
 * Run after the comment's advisory lock, so the statement's snapshot sees every earlier event's commit.
 */
async function lockEventAndComment(tx: RawClient, orgId: string, event: CommentEvent): Promise<{ processedAt: Date | null; stored: SocialComment | null } | null> {
  const [row] = await rawSql(tx, forOrg(orgId)).query<(SocialComment & { eventProcessedAt: Date | null; commentFound: boolean })[]>`
    WITH ev AS MATERIALIZED (
      SELECT "processedAt" FROM "CommentEvent" WHERE id = ${event.id}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE
    ), sc AS MATERIALIZED (
      SELECT * FROM "SocialComment" WHERE "orgId" = ${ORG_ID}::uuid AND "accountId" = ${event.accountId}::uuid AND "externalId" = ${event.objectId} FOR UPDATE
    )
    SELECT ev."processedAt" AS "eventProcessedAt", sc.id IS NOT NULL AS "commentFound", sc.* FROM ev LEFT JOIN sc ON true`;
  if (!row) return null;
  const { eventProcessedAt, commentFound, ...stored } = row;
  return { processedAt: eventProcessedAt, stored: commentFound ? stored : null };
}

/**
 * The event marked processed and its audit events appended, in one statement: the chain's lock
 * (taken by lockAndChainAuditEvents) is held until the commit, so nothing else runs after it.
 * An event the ingest could not mark enqueued (this transaction held it: dispatch-comment-events.ts)
 * is marked here too, so it leaves the dispatcher's index of events never enqueued.
 */
async function markProcessedAndAudit(tx: RawClient, orgId: string, eventId: string, audit: AuditEventInput[]): Promise<void> {
  const now = new Date();
  const processed = Prisma.sql`UPDATE "CommentEvent" SET "processedAt" = ${now}, "enqueuedAt" = COALESCE("enqueuedAt", ${now})
    WHERE id = ${eventId}::uuid AND "orgId" = ${ORG_ID}::uuid AND "processedAt" IS NULL`;
  const insert = await lockAndChainAuditEvents(tx, audit);
  await rawSql(tx, forOrg(orgId)).execute(insert ? Prisma.sql`WITH processed AS (${processed}) ${insert}` : processed);
}

/** Without a connector that reads comments, the event's own text and author are all there is. */
function eventContent(event: CommentEvent): Seen {
  return {
    source: "event",
    text: openOptional(event.textCipher, "comment-event", event.orgId, event.id, "text"),
    author: openOptional(event.authorNameCipher, "comment-event", event.orgId, event.id, "author"),
  };
}
