import { db, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { enqueueScanJob, scanJobState, type Producer } from "@vetted/queue";
import { webRequestId } from "../request-origin";
import { recordScanFailure } from "./record-scan-failure";

export interface DispatchOptions {
  producer: Producer;
  /** Rows per sweep; the rest wait for the next one (the worker sweeps every second). */
  limit?: number;
  /** An ENQUEUED or RUNNING row untouched this long is checked against BullMQ. */
  staleAfterMs?: number;
}

export interface DispatchResult {
  dispatched: number;
  requeued: number;
  failed: number;
}

type Row = { id: string; orgId: string; requestId: string | null };

/**
 * The scan's job. The stored request id is checked again: a row stored before the check matched the
 * payload schema (any UUID-shaped id) would otherwise fail every add, and the sweep stops at a failed add.
 */
export const scanPayload = (row: Row) => {
  const requestId = webRequestId(row);
  return { scanJobId: row.id, orgId: row.orgId, ...(requestId ? { requestId } : {}) };
};

/**
 * The outbox sweeper. Claims PENDING ScanJobs with FOR UPDATE SKIP LOCKED, so several workers
 * sweeping at once split the rows instead of racing for them, enqueues them (the jobId is the row
 * id, so a duplicate add is a no-op) and marks them ENQUEUED. Rows that have sat ENQUEUED or RUNNING
 * for minutes are checked against BullMQ: a lost job (Redis flushed, removed by hand) is added
 * again; one BullMQ failed for good without the row hearing of it gets its failure recorded.
 * Cross-org on purpose: raw SQL, so the tenant guard does not apply, and every write names the org.
 */
export async function dispatchPendingScanJobs(opts: DispatchOptions): Promise<DispatchResult> {
  const limit = opts.limit ?? 100;
  const cutoff = new Date(Date.now() - (opts.staleAfterMs ?? 5 * 60_000));
  const result: DispatchResult = { dispatched: 0, requeued: 0, failed: 0 };
  const lostForGood: Row[] = [];
  await db().$transaction(async (tx) => {
    const sweep = rawSql(tx, acrossOrgs("scan job dispatcher: sweeps the outbox of every org"));
    const pending = await sweep.query<Row[]>`
      SELECT id::text, "orgId"::text, "requestId" FROM "ScanJob" WHERE status = 'PENDING'
      ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const stale = await sweep.query<Row[]>`
      SELECT id::text, "orgId"::text, "requestId" FROM "ScanJob"
      WHERE status IN ('ENQUEUED', 'RUNNING') AND GREATEST("enqueuedAt", "startedAt", "createdAt") < ${cutoff}
      ORDER BY "createdAt" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    const sent: Row[] = [];
    try {
      // Stop at the first refusal: with Redis down every further add would only wait for its timeout.
      for (const row of pending) {
        await enqueueScanJob(opts.producer, scanPayload(row));
        sent.push(row);
      }
      for (const row of stale) {
        const state = await scanJobState(opts.producer, row.id);
        if (state === "failed") lostForGood.push(row);
        else if (state === null || state === "completed") {
          await enqueueScanJob(opts.producer, scanPayload(row));
          sent.push(row);
          result.requeued++;
        } else {
          // Still queued or running (a long image scan): look again after another stale period.
          await rawSql(tx, forOrg(row.orgId)).execute`UPDATE "ScanJob" SET "enqueuedAt" = now() WHERE id = ${row.id}::uuid AND "orgId" = ${ORG_ID}::uuid`;
        }
      }
    } catch {
      // Redis unavailable: what was sent is marked below, the rest stays for the next sweep.
    }
    for (const row of sent) {
      await rawSql(tx, forOrg(row.orgId)).execute`
        UPDATE "ScanJob" SET status = 'ENQUEUED', "enqueuedAt" = now()
        WHERE id = ${row.id}::uuid AND "orgId" = ${ORG_ID}::uuid AND status IN ('PENDING', 'ENQUEUED', 'RUNNING')`;
    }
    result.dispatched = sent.length - result.requeued;
  }, { timeout: 60_000 });
  // Outside the sweep's transaction: recording the failure locks the same rows.
  for (const row of lostForGood) {
    if (await recordScanFailure({ scanJobId: row.id, orgId: row.orgId, errorCode: "QUEUE_FAILED" })) result.failed++;
  }
  return result;
}
