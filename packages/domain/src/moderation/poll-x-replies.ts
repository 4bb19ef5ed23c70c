import { ANY_ORG, db, Prisma, scopedDb, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import { deliverMail } from "../mail/send-mail";
import type { CommentChange } from "../platforms/comment-change";
import { xClientFromEnv, type XClient, type XReply } from "../platforms/x-client";
import type { XOAuth } from "../platforms/x-oauth";
import { scanProducer } from "../scans/scan-producer";
import { dispatchCommentEventsNow, type NewCommentEvent } from "./dispatch-comment-events";
import { commentEventRow } from "./record-comment-delivery";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { platformFailure } from "./platform-client";
import { withXAccountToken } from "./x-account-token";

export interface PollXOptions {
  /** Default: the client from X_* settings. */
  x?: XClient;
  /** Refreshes the accounts' 2-hour tokens; default the OAuth client from X_* settings. */
  xOAuth?: XOAuth;
  /** Enqueues the new events at once; default the shared producer (the comment-event sweeper covers a miss). */
  producer?: Producer;
  dispatchBudgetMs?: number;
  /** How often one conversation is searched (default 2 minutes). */
  intervalMs?: number;
  /** Conversations searched per run (default 50). */
  limit?: number;
  /** How long a claimed conversation is left to its poller before another worker may take it (default 2 minutes). */
  leaseMs?: number;
  /** Only this org's accounts (tests): default every org. */
  orgId?: string;
}

export type PollXResult = Record<"accounts" | "posts" | "searched" | "replies" | "events" | "failed", number>;

const MINUTE = 60_000;
/** X's recent search covers 7 days: older conversations cannot be searched, and the window matches the other platforms' poll. */
const WINDOW_MS = 7 * 1440 * MINUTE;

interface Account { id: string; orgId: string; externalId: string }
interface Claimed { id: string; orgId: string; accountId: string; conversationId: string; sinceId: string | null; accountExternalId: string }

/** Each call with the account's token, refreshed when it is about to expire or X answers 401 (x-account-token.ts). */
const asAccount = <T>(opts: PollXOptions, orgId: string, accountId: string, call: (token: string) => Promise<T>) =>
  withXAccountToken({ orgId, accountId }, call, opts.xOAuth ? { xOAuth: opts.xOAuth } : {});

/**
 * The X poll, run by the worker every minute across orgs (X offers no free webhooks). For each ACTIVE
 * X account, its own posts of the last 7 days become XConversationPoll rows; each due conversation is
 * then searched for replies newer than its since_id, and each new reply (not the account's own)
 * becomes a CommentEvent (deliveryId = the poll row, as for the reconciliation poll) written with the
 * new since_id in one transaction, then queued: the worker scans it and hides a `block` reply as for
 * any platform. A reply seen again inserts nothing (dedupe key); rows are claimed (SKIP LOCKED).
 */
export async function pollXReplies(opts: PollXOptions = {}): Promise<PollXResult> {
  const x = opts.x ?? xClientFromEnv();
  const result: PollXResult = { accounts: 0, posts: 0, searched: 0, replies: 0, events: 0, failed: 0 };
  const accounts = (await db().connectedAccount.findMany({
    // Cross-org on purpose: a system sweep; each account's rows are written in its own org.
    where: { orgId: opts.orgId ?? ANY_ORG, platform: "X", status: "ACTIVE", tokenCipher: { not: null } },
    select: { id: true, orgId: true, externalId: true },
  })) as Account[];
  for (const account of accounts) {
    try {
      result.posts += await discoverPosts(x, account, opts);
      result.accounts++;
    } catch (error) {
      result.failed++;
      await accountFailure(account.orgId, account.id, error);
    }
  }
  for (const poll of await claimDue(opts)) {
    try {
      const found = await searchOne(x, poll, opts);
      result.searched++;
      result.replies += found.replies;
      result.events += found.events;
    } catch (error) {
      result.failed++;
      await pollFailure(poll, error, opts);
    }
  }
  return result;
}

/** The account's posts newer than the newest it already watches, as poll rows. */
async function discoverPosts(x: XClient, account: Account, opts: PollXOptions): Promise<number> {
  const known = await scopedDb(account.orgId).xConversationPoll.findMany({ where: { accountId: account.id }, select: { conversationId: true } });
  const newest = known.map((k) => BigInt(k.conversationId)).reduce((a, b) => (b > a ? b : a), 0n);
  const since = { startTime: new Date(Date.now() - WINDOW_MS), ...(newest > 0n ? { sinceId: String(newest) } : {}) };
  const posts = await asAccount(opts, account.orgId, account.id, (token) => x.listRecentPosts(token, account.externalId, since));
  if (posts.length === 0) return 0;
  const created = await scopedDb(account.orgId).xConversationPoll.createMany({
    data: posts.map((p) => ({ orgId: account.orgId, accountId: account.id, conversationId: p.conversationId, postedAt: p.createdAt })),
    skipDuplicates: true,
  });
  return created.count;
}

async function claimDue(opts: PollXOptions): Promise<Claimed[]> {
  const now = new Date();
  const scope = opts.orgId ? forOrg(opts.orgId) : acrossOrgs("X reply poll: claims the due conversations of every org");
  return rawSql(db(), scope).query<Claimed[]>`
    WITH due AS (
      SELECT p.id FROM "XConversationPoll" p
      JOIN "ConnectedAccount" a ON a.id = p."accountId" AND a."orgId" = p."orgId" AND a.status = 'ACTIVE' AND a."tokenCipher" IS NOT NULL
      WHERE p."nextPollAt" <= ${now} AND p."postedAt" > ${new Date(now.getTime() - WINDOW_MS)} ${opts.orgId ? Prisma.sql`AND p."orgId" = ${ORG_ID}::uuid` : Prisma.empty}
      ORDER BY p."nextPollAt" LIMIT ${opts.limit ?? 50}
      FOR UPDATE OF p SKIP LOCKED
    )
    UPDATE "XConversationPoll" p SET "nextPollAt" = ${new Date(now.getTime() + (opts.leaseMs ?? 2 * MINUTE))}
    FROM due, "ConnectedAccount" a
    WHERE p.id = due.id AND a.id = p."accountId" AND a."orgId" = p."orgId"
    RETURNING p.id::text, p."orgId"::text AS "orgId", p."accountId"::text AS "accountId", p."conversationId", p."sinceId",
      a."externalId" AS "accountExternalId"`;
}

const asChange = (poll: Claimed, r: XReply): CommentChange => ({
  platform: "X", accountExternalId: poll.accountExternalId, objectId: r.id, postExternalId: poll.conversationId, verb: "add", text: r.text, authorId: r.authorId,
  // A reply to a reply is a thread under it; a reply to the post itself is top-level.
  ...(r.inReplyToId && r.inReplyToId !== poll.conversationId ? { parentId: r.inReplyToId } : {}),
  ...(r.authorUsername ? { authorName: r.authorUsername } : {}),
  time: Math.floor(r.createdAt.getTime() / 1000),
});

async function searchOne(x: XClient, poll: Claimed, opts: PollXOptions): Promise<{ replies: number; events: number }> {
  const found = await asAccount(opts, poll.orgId, poll.accountId, (token) => x.searchReplies(token, poll.conversationId, poll.sinceId ? { sinceId: poll.sinceId } : {}));
  // The account's own replies in its thread are the org's words, not a commenter's.
  const changes = found.replies.filter((r) => r.authorId !== poll.accountExternalId).map((r) => asChange(poll, r));
  const account = { id: poll.accountId, orgId: poll.orgId };
  const events = await scopedDb(poll.orgId).$transaction(async (tx) => {
    const rows = [...new Map(changes.map((c) => commentEventRow(c, account, poll.id)).map((r) => [r.dedupeKey, r])).values()];
    const inserted = rows.length === 0 ? [] : await tx.commentEvent.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, orgId: true, dedupeKey: true } });
    await tx.xConversationPoll.updateMany({
      where: { id: poll.id },
      data: { sinceId: found.newestId ?? poll.sinceId, lastPolledAt: new Date(), lastErrorCode: null, nextPollAt: new Date(Date.now() + (opts.intervalMs ?? 2 * MINUTE)) },
    });
    return inserted as NewCommentEvent[];
  });
  await dispatchCommentEventsNow(events, opts.producer ?? scanProducer(), opts.dispatchBudgetMs ?? 300);
  return { replies: changes.length, events: events.length };
}

/** A refused token marks the account (its admins told); a rate limit or outage waits its turn. */
async function pollFailure(poll: Claimed, error: unknown, opts: PollXOptions): Promise<void> {
  const failure = platformFailure(error);
  const wait = Math.max(opts.intervalMs ?? 2 * MINUTE, (failure.retryAfterSeconds ?? 0) * 1000);
  await scopedDb(poll.orgId).xConversationPoll.updateMany({ where: { id: poll.id }, data: { lastErrorCode: failure.code, nextPollAt: new Date(Date.now() + wait) } });
  if (failure.code === "TOKEN_INVALID") await accountFailure(poll.orgId, poll.accountId, error);
}

async function accountFailure(orgId: string, accountId: string, error: unknown): Promise<void> {
  if (platformFailure(error).code !== "TOKEN_INVALID") return;
  const mails = await scopedDb(orgId).$transaction((tx) => markAccountTokenInvalid(tx, orgId, accountId, "TOKEN_INVALID"));
  for (const id of mails) await deliverMail(id);
}
