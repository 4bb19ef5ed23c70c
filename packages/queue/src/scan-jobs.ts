import { scanRunSchema, type ScanRunPayload } from "./jobs.js";
import { withTimeout, type Producer } from "./producer.js";

/**
 * Adds the scan of one ScanJob row. The BullMQ jobId is the ScanJob id, so the outbox sweeper and
 * the submit's direct dispatch can both add it and it still runs once. A finished BullMQ job with
 * that id (kept for inspection) would swallow the add, so it is removed first: a ScanJob only
 * reaches the queue again when its row was reset to PENDING (a retry after SCAN_FAILED).
 */
export async function enqueueScanJob(producer: Producer, payload: ScanRunPayload): Promise<{ jobId: string }> {
  const data = scanRunSchema.parse(payload);
  const queue = producer.queue("scan");
  const add = async () => {
    const existing = await queue.getJob(data.scanJobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== "completed" && state !== "failed") return { jobId: data.scanJobId };
      await existing.remove();
    }
    const job = await queue.add("run", data, { jobId: data.scanJobId });
    return { jobId: job.id ?? data.scanJobId };
  };
  return withTimeout(add(), producer.timeoutMs);
}

/** Whether BullMQ still holds this scan (waiting, delayed, active, or finished but kept). */
export async function scanJobState(producer: Producer, scanJobId: string): Promise<string | null> {
  const job = await withTimeout(producer.queue("scan").getJob(scanJobId), producer.timeoutMs);
  if (!job) return null;
  return withTimeout(job.getState(), producer.timeoutMs);
}
