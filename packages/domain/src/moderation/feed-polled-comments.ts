import { scopedDb, type Channel } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import type { CommentChange } from "../platforms/meta-webhook";
import { polledChangeKey } from "./comment-dedupe";
import { dispatchCommentEventsNow, type NewCommentEvent } from "./dispatch-comment-events";
import { commentEventRow } from "./ingest-meta-webhook";
import { sha256Hex } from "./moderation-crypto";
import type { PlatformComment } from "./platform-client";

/** A CommentPoll row claimed by reconcile-post-comments.ts, with its account's ids. */
export interface ClaimedPoll {
  id: string;
  orgId: string;
  accountId: string;
  platform: Channel;
  accountExternalId: string;
  postExternalId: string;
}

/**
 * The comments one poll listed, against the comments stored: each one missing, or whose text or
 * visibility differs (and not deleted, which is final), becomes a CommentEvent, written with the
 * poll row's progress in one transaction, then handed to the queue like a webhook's. The dedupe key
 * names the difference (polledChangeKey), so listing it again before the worker has applied it adds
 * nothing, and a comment already stored as listed adds nothing at all. The event carries the listed
 * text for a platform without re-reads; the worker re-reads it anyway where it can.
 */
export async function feedPolledComments(
  poll: ClaimedPoll,
  listed: PlatformComment[],
  next: { cursor: string | null; nextPollAt: Date },
  opts: { producer?: Producer; dispatchBudgetMs?: number },
): Promise<{ listed: number; events: number }> {
  const { orgId, accountId } = poll;
  const unique = [...new Map(listed.map((c) => [c.externalId, c])).values()];
  const events = await scopedDb(orgId).$transaction(async (tx) => {
    const stored = unique.length === 0 ? [] : await tx.socialComment.findMany({
      where: { accountId, externalId: { in: unique.map((c) => c.externalId) } },
      select: { externalId: true, textSha256: true, hiddenAt: true, deletedAt: true },
    });
    const byId = new Map(stored.map((s) => [s.externalId, s]));
    const nowSeconds = Math.floor(Date.now() / 1000);
    const rows = [];
    for (const c of unique) {
      const held = byId.get(c.externalId);
      if (held?.deletedAt) continue;
      const sha = c.text ? sha256Hex(c.text) : null;
      const textChanged = sha !== null && sha !== held?.textSha256;
      if (held && !textChanged && (held.hiddenAt !== null) === c.hidden) continue;
      const change: Omit<CommentChange, "platform"> & { platform: Channel } = {
        platform: poll.platform,
        accountExternalId: poll.accountExternalId,
        objectId: c.externalId,
        postExternalId: poll.postExternalId,
        ...(c.parentExternalId ? { parentId: c.parentExternalId } : {}),
        verb: !held ? "add" : textChanged ? "edited" : c.hidden ? "hide" : "unhide",
        ...(c.text ? { text: c.text } : {}),
        ...(c.authorName ? { authorName: c.authorName } : {}),
        time: !held ? Math.min(Math.floor(c.createdAt.getTime() / 1000), nowSeconds) : nowSeconds,
      };
      const key = polledChangeKey({
        platform: poll.platform, accountExternalId: poll.accountExternalId, objectId: c.externalId,
        from: held ? `${held.textSha256 ?? "none"}:${held.hiddenAt !== null}` : "none", to: `${sha ?? "none"}:${c.hidden}`,
      });
      rows.push(commentEventRow(change, { id: accountId, orgId }, poll.id, key));
    }
    const inserted = rows.length === 0 ? [] : await tx.commentEvent.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, orgId: true, dedupeKey: true } });
    await tx.commentPoll.updateMany({
      where: { id: poll.id },
      data: { cursor: next.cursor, nextPollAt: next.nextPollAt, lastPolledAt: new Date(), polls: { increment: 1 }, lastErrorCode: null },
    });
    return inserted as NewCommentEvent[];
  });
  if (opts.producer) await dispatchCommentEventsNow(events, opts.producer, opts.dispatchBudgetMs ?? 1_000);
  return { listed: unique.length, events: events.length };
}
