import { isAppError, PermanentScanError, processGroupOcr, recordGroupOcrFailure, scanErrorCode, type GroupOcrDeps } from "@vetted/domain";
import { parseJobPayload } from "@vetted/queue";
import { UnrecoverableError, type Job } from "bullmq";

/**
 * The OCR of a reported group-post screenshot: parse, read and scan (domain processGroupOcr, which
 * is idempotent under the report's row lock). A screenshot that can never be read, and the last
 * failed attempt of any other error, mark the report SCAN_FAILED (the reporter is asked to paste
 * the text); a report that does not exist for the payload's org fails at once.
 */
export const createGroupsProcessor = (deps: GroupOcrDeps) => (job: Job) => processGroups(job, deps);

async function processGroups(job: Job, deps: GroupOcrDeps) {
  if (job.name !== "ocr") throw new UnrecoverableError("Unknown job name on queue groups");
  const parsed = parseJobPayload("groups", "ocr", job.data);
  if (!parsed.ok) throw new UnrecoverableError(`Invalid groups.ocr payload (${parsed.issues.join("; ")})`);
  try {
    return await processGroupOcr(parsed.payload, deps);
  } catch (error) {
    // Codes only: an error's own text could quote what the screenshot says.
    if (isAppError(error) && error.code === "NOT_FOUND") throw new UnrecoverableError("NOT_FOUND");
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (error instanceof PermanentScanError || lastAttempt) {
      await recordGroupOcrFailure({ ...parsed.payload, errorCode: error instanceof PermanentScanError ? error.code : scanErrorCode(error) });
      throw new UnrecoverableError(scanErrorCode(error));
    }
    throw error;
  }
}
