import { groupOcrSchema, jobIdFor, type GroupOcrPayload } from "./jobs.js";
import { withTimeout, type Producer } from "./producer.js";

/**
 * Adds the OCR of one reported screenshot. The job id is "groups-ocr-<report id>": the report's
 * direct dispatch and the outbox sweeper can both add it and it runs once (the processor also checks
 * the row's status under a lock, so a repeat after completion changes nothing).
 */
export async function enqueueGroupOcr(producer: Producer, payload: GroupOcrPayload): Promise<{ jobId: string }> {
  const data = groupOcrSchema.parse(payload);
  const jobId = jobIdFor("groups", "ocr", data.reportId);
  const job = await withTimeout(producer.queue("groups").add("ocr", data, { jobId }), producer.timeoutMs);
  return { jobId: job.id ?? jobId };
}

/** Whether BullMQ still holds this report's OCR job (any state), for the sweeper's stale check. */
export async function groupOcrJobState(producer: Producer, reportId: string): Promise<string | null> {
  const job = await withTimeout(producer.queue("groups").getJob(jobIdFor("groups", "ocr", reportId)), producer.timeoutMs);
  if (!job) return null;
  return withTimeout(job.getState(), producer.timeoutMs);
}
