import { parseJobPayload } from "@vetted/queue";
import { UnrecoverableError, type Job } from "bullmq";

/**
 * The ping job proves the pipeline end to end (producer → Redis → worker). A payload that does not
 * parse will never parse, so it fails at once instead of burning retries.
 */
export async function processHealth(job: Job): Promise<{ lagMs: number }> {
  if (job.name !== "ping") throw new UnrecoverableError(`Unknown job name on queue health`);
  const parsed = parseJobPayload("health", "ping", job.data);
  if (!parsed.ok) throw new UnrecoverableError(`Invalid health.ping payload (${parsed.issues.join("; ")})`);
  return { lagMs: Math.max(0, Date.now() - Date.parse(parsed.payload.requestedAt)) };
}
