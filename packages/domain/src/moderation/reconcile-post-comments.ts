import { db, Prisma, scopedDb, type Channel, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import { deliverMail } from "../mail/send-mail";
import { feedPolledComments, type ClaimedPoll } from "./feed-polled-comments";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { openField } from "./moderation-crypto";
import { platformFailure, type PlatformClients, type PlatformComment } from "./platform-client";

export interface ReconcileOptions {
  clients: PlatformClients;
  /** Enqueues the new events at once; without, the comment-event sweeper sends them. */
  producer?: Producer;
  /** Posts polled per run (default 20). */
  limit?: number;
  /** Pages of comments read per post per run (default 5); a longer listing goes on at the next run. */
  maxPages?: number;
  /** How often each post is listed (default 10 minutes). */
  intervalMs?: number;
  /** How long a claimed post is left to its poller before another worker may take it (default 2 minutes). */
  leaseMs?: number;
  /** How long after its hand-off a post is polled (default 7 days). */
  windowMs?: number;
  dispatchBudgetMs?: number;
  /** Only this org's posts (tests): default every org. */
  orgId?: string;
}

export type ReconcileResult = Record<"seeded" | "polled" | "listed" | "events" | "failed", number>;

const MINUTE = 60_000;
const CHANNELS: Channel[] = ["FACEBOOK", "INSTAGRAM", "LINKEDIN", "X", "TIKTOK"];

/**
 * The reconciliation poll, run by the worker every minute across orgs (raw SQL naming the org in
 * every write). Webhooks get lost; for the first 7 days after a post is handed off, its comments are
 * listed from the platform and whatever differs from the stored comments is fed through the comment
 * events like a delivery (feed-polled-comments.ts), so the worker re-reads, scans and hides it as
 * usual. A comment already seen as it is listed is a no-op. Posts are claimed (FOR UPDATE SKIP LOCKED,
 * nextPollAt moved by a lease), so two workers never poll one post at once; each run is bounded.
 */
export async function reconcilePostComments(opts: ReconcileOptions): Promise<ReconcileResult> {
  const result: ReconcileResult = { seeded: 0, polled: 0, listed: 0, events: 0, failed: 0 };
  const channels = CHANNELS.filter((c) => opts.clients(c)?.listPostComments);
  if (channels.length === 0) return result;
  const scope = opts.orgId ? forOrg(opts.orgId) : acrossOrgs("comment reconciliation: seeds and claims the polls of every org");
  const orgFilter = opts.orgId ? Prisma.sql`AND h."orgId" = ${ORG_ID}::uuid` : Prisma.empty;
  const windowMs = opts.windowMs ?? 7 * 1440 * MINUTE;
  const windowStart = new Date(Date.now() - windowMs);

  // New hand-offs get their poll row. A Facebook post id starts with its Page's id; on the other
  // platforms every account of the org on that platform is tried (a wrong one fails and stops).
  result.seeded = await rawSql(db(), scope).execute`
    INSERT INTO "CommentPoll" (id, "orgId", "accountId", "handoffId", "postExternalId", "pollUntil")
    SELECT gen_random_uuid(), h."orgId", a.id, h.id, h."externalId", h."handedOffAt" + ${windowMs / 1000}::double precision * interval '1 second'
    FROM "PublishHandoff" h
    JOIN "ConnectedAccount" a ON a."orgId" = h."orgId" AND a.platform = h.channel AND a.status = 'ACTIVE'
    WHERE h."externalId" IS NOT NULL AND h."handedOffAt" > ${windowStart} AND h.channel::text = ANY(${channels}::text[]) ${orgFilter}
      AND (h.channel <> 'FACEBOOK' OR starts_with(h."externalId", a."externalId" || '_'))
      AND NOT EXISTS (SELECT 1 FROM "CommentPoll" p WHERE p."handoffId" = h.id AND p."accountId" = a.id)
    ORDER BY h."handedOffAt" DESC LIMIT 500
    ON CONFLICT DO NOTHING`;

  const now = new Date();
  const claimed = await rawSql(db(), scope).query<(ClaimedPoll & { cursor: string | null; tokenCipher: string })[]>`
    WITH due AS (
      SELECT p.id FROM "CommentPoll" p
      JOIN "ConnectedAccount" a ON a.id = p."accountId" AND a."orgId" = p."orgId" AND a.status = 'ACTIVE' AND a."tokenCipher" IS NOT NULL
      WHERE p."nextPollAt" <= ${now} AND p."pollUntil" > ${now} ${opts.orgId ? Prisma.sql`AND p."orgId" = ${ORG_ID}::uuid` : Prisma.empty}
      ORDER BY p."nextPollAt", p."pollUntil" LIMIT ${opts.limit ?? 20}
      FOR UPDATE OF p SKIP LOCKED
    )
    UPDATE "CommentPoll" p SET "nextPollAt" = ${new Date(now.getTime() + (opts.leaseMs ?? 2 * MINUTE))}
    FROM due, "ConnectedAccount" a
    WHERE p.id = due.id AND a.id = p."accountId" AND a."orgId" = p."orgId"
    RETURNING p.id::text, p."orgId"::text AS "orgId", p."accountId"::text AS "accountId", p."postExternalId", p.cursor,
      a.platform, a."externalId" AS "accountExternalId", a."tokenCipher"`;

  for (const poll of claimed) {
    try {
      const { listed, events } = await pollOne(poll, opts);
      result.polled++;
      result.listed += listed;
      result.events += events;
    } catch (error) {
      result.failed++;
      await recordFailure(poll, error, opts);
    }
  }
  return result;
}

async function pollOne(poll: ClaimedPoll & { cursor: string | null; tokenCipher: string }, opts: ReconcileOptions) {
  const client = opts.clients(poll.platform);
  if (!client?.listPostComments) throw Object.assign(new Error("no lister"), { name: "PlatformError", code: "UNSUPPORTED", retryable: false });
  const access = { platform: poll.platform, externalId: poll.accountExternalId, accessToken: openField(poll.tokenCipher, "connected-account", poll.orgId, poll.accountId, "token"), accountId: poll.accountId, orgId: poll.orgId };
  const comments: PlatformComment[] = [];
  let after = poll.cursor ?? undefined;
  for (let page = 0; page < (opts.maxPages ?? 5); page++) {
    const listing = await client.listPostComments(access, poll.postExternalId, after);
    comments.push(...listing.comments);
    after = listing.after;
    if (!after) break;
  }
  // A listing cut short goes on from its cursor at the next run (soon); a complete one waits the interval.
  const next = after ? { cursor: after, nextPollAt: new Date() } : { cursor: null, nextPollAt: new Date(Date.now() + (opts.intervalMs ?? 10 * MINUTE)) };
  return feedPolledComments(poll, comments, next, opts);
}

async function recordFailure(poll: ClaimedPoll, error: unknown, opts: ReconcileOptions): Promise<void> {
  const failure = platformFailure(error);
  const now = Date.now();
  const wait = Math.max(opts.intervalMs ?? 10 * MINUTE, (failure.retryAfterSeconds ?? 0) * 1000);
  // Gone, refused or unsupported: listing again cannot help, the post is not polled any more.
  const stop = !failure.retryable && failure.code !== "TOKEN_INVALID";
  const mails = await scopedDb(poll.orgId).$transaction(async (tx) => {
    await tx.commentPoll.updateMany({
      where: { id: poll.id },
      data: { lastErrorCode: failure.code, nextPollAt: new Date(now + wait), ...(stop ? { pollUntil: new Date(now) } : {}) },
    });
    return failure.code === "TOKEN_INVALID" ? markAccountTokenInvalid(tx, poll.orgId, poll.accountId, failure.code) : [];
  });
  for (const id of mails) await deliverMail(id);
}
