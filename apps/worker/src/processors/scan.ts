import { cachedOrgScanContext, createScanJobStarter, createScanWriteBatcher, PermanentScanError, recordScanFailure, runScanJob, scanErrorCode, type ScanDeps } from "@vetted/domain";
import { parseJobPayload } from "@vetted/queue";
import { UnrecoverableError, type Job } from "bullmq";

/**
 * How long this process reuses an org's scan config, policy and members (see cachedOrgScanContext
 * for what may be that many seconds stale). A burst of one org's posts then reads them once.
 */
const ORG_CONTEXT_TTL_MS = 5_000;

/**
 * Parse, then scan. A scan that can never succeed fails at once instead of burning retries. Jobs of
 * one org that start together are started in one statement (createScanJobStarter), and scans that
 * finish together are committed together (createScanWriteBatcher): one turn on the org's audit lock
 * for the set. Each job still completes or fails on its own in BullMQ.
 */
export const createScanProcessor = (deps: ScanDeps) => {
  const pipeline = { ...deps, orgContext: cachedOrgScanContext(ORG_CONTEXT_TTL_MS), start: createScanJobStarter(), write: createScanWriteBatcher() };
  return (job: Job) => processScan(job, pipeline);
};

async function processScan(job: Job, deps: Parameters<typeof runScanJob>[1]) {
  if (job.name !== "run") throw new UnrecoverableError("Unknown job name on queue scan");
  const parsed = parseJobPayload("scan", "run", job.data);
  if (!parsed.ok) throw new UnrecoverableError(`Invalid scan.run payload (${parsed.issues.join("; ")})`);
  try {
    return await runScanJob(parsed.payload, deps);
  } catch (error) {
    // The code is the whole message, so the failure handler can record it (never content).
    if (error instanceof PermanentScanError) throw new UnrecoverableError(error.code);
    throw error;
  }
}

/** Worker 'failed' event: only a job BullMQ will not retry (attempts used up, or unrecoverable) fails the post. */
export async function onScanJobFailed(job: Job | undefined, error: Error): Promise<boolean> {
  if (!job || (await job.getState()) !== "failed") return false;
  const parsed = parseJobPayload("scan", "run", job.data);
  if (!parsed.ok) return false;
  const errorCode = error.name === "UnrecoverableError" && /^[A-Z_]{3,64}$/.test(error.message) ? error.message : scanErrorCode(error);
  return recordScanFailure({ ...parsed.payload, errorCode });
}
