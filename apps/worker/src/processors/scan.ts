import { PermanentScanError, recordScanFailure, runScanJob, scanErrorCode, type ScanDeps } from "@vetted/domain";
import { parseJobPayload } from "@vetted/queue";
import { UnrecoverableError, type Job } from "bullmq";

/** Parse, then scan. A scan that can never succeed fails at once instead of burning retries. */
export const createScanProcessor = (deps: ScanDeps) => async (job: Job) => {
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
};

/** Worker 'failed' event: only a job BullMQ will not retry (attempts used up, or unrecoverable) fails the post. */
export async function onScanJobFailed(job: Job | undefined, error: Error): Promise<boolean> {
  if (!job || (await job.getState()) !== "failed") return false;
  const parsed = parseJobPayload("scan", "run", job.data);
  if (!parsed.ok) return false;
  const errorCode = error.name === "UnrecoverableError" && /^[A-Z_]{3,64}$/.test(error.message) ? error.message : scanErrorCode(error);
  return recordScanFailure({ ...parsed.payload, errorCode });
}
