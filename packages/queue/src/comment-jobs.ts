import { commentEventSchema, jobIdFor, type CommentEventPayload } from "./jobs.js";
import { withTimeout, type Producer } from "./producer.js";

const DEDUPE_KEY = /^[0-9a-f]{64}$/;

/**
 * Adds the processing of one CommentEvent. The job id is "comments-event-<dedupe key>" (a SHA-256 of
 * ids and a time, never text): the ingest's direct dispatch and the outbox sweeper can both add it,
 * and a finished job kept by BullMQ swallows a repeat add (the event is processed once anyway: the
 * processor checks CommentEvent.processedAt under a row lock).
 */
export async function enqueueCommentEvent(producer: Producer, payload: CommentEventPayload, dedupeKey: string): Promise<{ jobId: string }> {
  if (!DEDUPE_KEY.test(dedupeKey)) throw new Error("enqueueCommentEvent: the dedupe key must be a SHA-256 hex digest");
  const data = commentEventSchema.parse(payload);
  const jobId = jobIdFor("comments", "event", dedupeKey);
  const job = await withTimeout(producer.queue("comments").add("event", data, { jobId }), producer.timeoutMs);
  return { jobId: job.id ?? jobId };
}

/** Whether BullMQ still holds this comment event's job (any state), for the sweeper's stale check. */
export async function commentEventJobState(producer: Producer, dedupeKey: string): Promise<string | null> {
  const job = await withTimeout(producer.queue("comments").getJob(jobIdFor("comments", "event", dedupeKey)), producer.timeoutMs);
  if (!job) return null;
  return withTimeout(job.getState(), producer.timeoutMs);
}
