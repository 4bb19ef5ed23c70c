import { db, Prisma, acrossOrgs, rawSql, type Db, type Tx } from "@vetted/db";
import { enqueueGroupOcr, groupOcrJobState, type Producer } from "@vetted/queue";
import { webRequestId } from "../request-origin";

// The OCR outbox: a screenshot report is written SCANNING with "ocrEnqueuedAt" null in the same
// transaction as its audit event; the job goes to the worker after the commit, at once when Redis
// answers (dispatchGroupOcrNow) or on the worker's next sweep (dispatchPendingGroupOcr).

type Row = { id: string; orgId: string; requestId?: string | null };

// The stored id is checked again: a row must never hold a payload its job's schema refuses.
function payloadOf(r: Row) {
  const requestId = webRequestId(r);
  return { orgId: r.orgId, reportId: r.id, ...(requestId ? { requestId } : {}) };
}

/** The fast path after a report commits, within `budgetMs`: whatever is not sent waits for the sweeper. */
export async function dispatchGroupOcrNow(rows: Row[], producer: Producer, budgetMs: number): Promise<number> {
  const sent: Row[] = [];
  const work = (async () => {
    for (const r of rows) {
      await enqueueGroupOcr(producer, payloadOf(r));
      sent.push(r);
    }
  })().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
  clearTimeout(timer);
  const done = [...sent];
  // A failed mark only means the sweeper adds the job again: the job id makes that a no-op.
  if (done.length > 0) await markEnqueued(db(), done).catch(() => undefined);
  return done.length;
}

const markEnqueued = (client: Db | Tx, rows: Row[]) =>
  // Each row is named by its id and its org.
  rawSql(client, acrossOrgs("group OCR outbox: marks the reports just enqueued, of any org")).execute(Prisma.sql`
    UPDATE "GroupReport" r SET "ocrEnqueuedAt" = now()
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.orgId)}::uuid[]) AS v(id, "orgId")
    WHERE r.id = v.id AND r."orgId" = v."orgId" AND r.status = 'SCANNING'`);

export interface GroupOcrDispatchResult {
  dispatched: number;
  requeued: number;
}

/**
 * The worker's sweep (every second): claims SCANNING reports never enqueued (FOR UPDATE SKIP
 * LOCKED, so several workers split them) and adds their jobs; reports enqueued long ago and still
 * SCANNING are checked against BullMQ and re-added when it lost them. Cross-org on purpose.
 */
export async function dispatchPendingGroupOcr(opts: { producer: Producer; limit?: number; staleAfterMs?: number }): Promise<GroupOcrDispatchResult> {
  const cutoff = new Date(Date.now() - (opts.staleAfterMs ?? 5 * 60_000));
  const result: GroupOcrDispatchResult = { dispatched: 0, requeued: 0 };
  await db().$transaction(async (tx) => {
    const sweep = rawSql(tx, acrossOrgs("group OCR dispatcher: sweeps the outbox of every org"));
    const pending = await sweep.query<Row[]>`
      SELECT id::text, "orgId"::text, "requestId"::text FROM "GroupReport" WHERE status = 'SCANNING' AND "ocrEnqueuedAt" IS NULL
      ORDER BY "createdAt" LIMIT ${opts.limit ?? 100} FOR UPDATE SKIP LOCKED`;
    const stale = await sweep.query<Row[]>`
      SELECT id::text, "orgId"::text, "requestId"::text FROM "GroupReport" WHERE status = 'SCANNING' AND "ocrEnqueuedAt" < ${cutoff}
      ORDER BY "ocrEnqueuedAt" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    const sent: Row[] = [];
    try {
      // Stop at the first refusal: with Redis down every further add would only wait for its timeout.
      for (const r of pending) {
        await enqueueGroupOcr(opts.producer, payloadOf(r));
        sent.push(r);
        result.dispatched++;
      }
      for (const r of stale) {
        // Only a job BullMQ no longer knows is added again; a running one is looked at after another period.
        if ((await groupOcrJobState(opts.producer, r.id)) === null) {
          await enqueueGroupOcr(opts.producer, payloadOf(r));
          result.requeued++;
        }
        sent.push(r);
      }
    } catch {
      // Redis unavailable: what was sent is marked below, the rest waits for the next sweep.
    }
    if (sent.length > 0) await markEnqueued(tx, sent);
  }, { timeout: 60_000 });
  return result;
}
