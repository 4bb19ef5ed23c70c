import { db, pgDirect, Prisma, acrossOrgs, rawSql } from "@vetted/db";
import { commentEventJobState, enqueueCommentEvent, type Producer } from "@vetted/queue";
import { webRequestId } from "../request-origin";

export interface NewCommentEvent {
  id: string;
  orgId: string;
  dedupeKey: string;
  /** The webhook request that delivered it (CommentEvent.requestId); none for polled events. */
  requestId?: string | null;
}

/** The event's job: ids only, and the delivering request's id (checked again, as stored) for the worker's log lines. */
const payload = (e: NewCommentEvent) => {
  const requestId = webRequestId(e);
  return { orgId: e.orgId, commentEventId: e.id, ...(requestId ? { requestId } : {}) };
};

/**
 * The fast path after the ingest commits: enqueue the new events, within `budgetMs` at most (the
 * webhook must answer quickly even when Redis is slow or down), and mark those sent. Whatever is not
 * sent stays unmarked for the worker's sweeper; a late add that still lands is harmless (same job id).
 */
export async function dispatchCommentEventsNow(events: NewCommentEvent[], producer: Producer, budgetMs: number): Promise<number> {
  if (events.length === 0) return 0;
  const sent: NewCommentEvent[] = [];
  const work = (async () => {
    // Stop at the first refusal: with Redis down every further add would only wait for its timeout.
    for (const e of events) {
      await enqueueCommentEvent(producer, payload(e), e.dedupeKey);
      sent.push(e);
    }
  })().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
  clearTimeout(timer);
  const done = [...sent];
  try {
    await markEnqueued(done);
  } catch {
    // The sweeper re-adds them; the job id makes that a no-op.
  }
  return done.length;
}

async function markEnqueued(events: NewCommentEvent[]): Promise<void> {
  if (events.length === 0) return;
  // Each row is named by its id and its org. A row the worker holds is skipped, not waited for: the
  // worker took the job as soon as it was added and locks the event until it commits (its re-read and
  // the org's audit lock included), and waiting here held one of the web's few connections meanwhile,
  // which the next deliveries queued for. The worker marks the event enqueued when it marks it
  // processed; one whose processing rolled back is sent again by the sweeper (same job id: a no-op).
  await rawSql(pgDirect(), acrossOrgs("comment event dispatch: marks the events just enqueued, of any org")).execute`
    UPDATE "CommentEvent" e SET "enqueuedAt" = now()
    WHERE e.id IN (
      SELECT c.id FROM "CommentEvent" c
      JOIN unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.orgId)}::uuid[]) AS v(id, "orgId") ON c.id = v.id AND c."orgId" = v."orgId"
      WHERE c."enqueuedAt" IS NULL
      FOR UPDATE OF c SKIP LOCKED)`;
}

export interface CommentDispatchResult {
  dispatched: number;
  requeued: number;
}

/**
 * The outbox sweeper for comment events, run by the worker every second. Claims events never
 * enqueued (FOR UPDATE SKIP LOCKED, so several workers split them), adds their jobs and marks them.
 * Events enqueued minutes ago and still unprocessed are checked against BullMQ: a lost job (Redis
 * flushed) is added again. Cross-org on purpose: raw SQL, every write names the org.
 */
export async function dispatchPendingCommentEvents(opts: { producer: Producer; limit?: number; staleAfterMs?: number }): Promise<CommentDispatchResult> {
  const limit = opts.limit ?? 200;
  const cutoff = new Date(Date.now() - (opts.staleAfterMs ?? 5 * 60_000));
  const result: CommentDispatchResult = { dispatched: 0, requeued: 0 };
  await db().$transaction(async (tx) => {
    const sweep = rawSql(tx, acrossOrgs("comment event dispatcher: sweeps the outbox of every org"));
    const pending = await sweep.query<NewCommentEvent[]>`
      SELECT id::text, "orgId"::text, "dedupeKey", "requestId"::text FROM "CommentEvent"
      WHERE "enqueuedAt" IS NULL AND "processedAt" IS NULL
      ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const stale = await sweep.query<NewCommentEvent[]>`
      SELECT id::text, "orgId"::text, "dedupeKey", "requestId"::text FROM "CommentEvent"
      WHERE "processedAt" IS NULL AND "enqueuedAt" < ${cutoff}
      ORDER BY "enqueuedAt" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    const sent: NewCommentEvent[] = [];
    try {
      for (const e of pending) {
        await enqueueCommentEvent(opts.producer, payload(e), e.dedupeKey);
        sent.push(e);
        result.dispatched++;
      }
      for (const e of stale) {
        // Only a job BullMQ no longer knows is re-added; a failed one stays failed (its cause is logged).
        if ((await commentEventJobState(opts.producer, e.dedupeKey)) === null) {
          await enqueueCommentEvent(opts.producer, payload(e), e.dedupeKey);
          result.requeued++;
        }
        // Still known to BullMQ (waiting, running, failed): look again after another stale period.
        sent.push(e);
      }
    } catch {
      // Redis unavailable: what was sent is marked below, the rest waits for the next sweep.
    }
    if (sent.length > 0) {
      await sweep.execute(Prisma.sql`
        UPDATE "CommentEvent" e SET "enqueuedAt" = now()
        FROM unnest(${sent.map((e) => e.id)}::uuid[], ${sent.map((e) => e.orgId)}::uuid[]) AS v(id, "orgId")
        WHERE e.id = v.id AND e."orgId" = v."orgId"`);
    }
  }, { timeout: 60_000 });
  return result;
}
