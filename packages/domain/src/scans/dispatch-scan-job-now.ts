import { ANY_ORG, db } from "@vetted/db";
import { enqueueScanJob, type Producer } from "@vetted/queue";
import { scanPayload } from "./dispatch-pending-scan-jobs";
import { scanProducer } from "./scan-producer";

/**
 * The fast path after a submit commits: hand the PENDING ScanJob to the queue at once and mark it
 * ENQUEUED. Any failure (Redis down, slow, or the row already taken) returns false and leaves the
 * row as it is: the dispatcher in the worker sweeps PENDING rows every second, so the submit stands.
 */
export async function dispatchScanJobNow(scanJobId: string, deps: { producer?: Producer } = {}): Promise<boolean> {
  try {
    // Only the id is known here (the caller's transaction has committed); the row says its org.
    const job = await db().scanJob.findFirst({ where: { id: scanJobId, orgId: ANY_ORG, status: "PENDING" }, select: { id: true, orgId: true, requestId: true } });
    if (!job) return false;
    await enqueueScanJob(deps.producer ?? scanProducer(), scanPayload(job));
    // Conditional: the worker may already have picked it up and moved it past ENQUEUED.
    await db().scanJob.updateMany({ where: { id: job.id, orgId: job.orgId, status: "PENDING" }, data: { status: "ENQUEUED", enqueuedAt: new Date() } });
    return true;
  } catch {
    return false;
  }
}
