import { isAppError, processCommentEvent, type CommentDeps } from "@vetted/domain";
import { parseJobPayload } from "@vetted/queue";
import { UnrecoverableError, type Job } from "bullmq";

/**
 * One comment event: parse, then apply (domain processCommentEvent, which is idempotent: a job run
 * twice changes nothing the second time). Fails at once instead of burning retries when no retry can
 * help: an event that does not exist for the payload's org (NOT_FOUND), or an account whose token the
 * platform refused (FORBIDDEN: marked, admins told; the reconciliation poll catches up after a reconnect).
 */
export const createCommentsProcessor = (deps: CommentDeps) => (job: Job) => processComments(job, deps);

async function processComments(job: Job, deps: CommentDeps) {
  if (job.name !== "event") throw new UnrecoverableError("Unknown job name on queue comments");
  const parsed = parseJobPayload("comments", "event", job.data);
  if (!parsed.ok) throw new UnrecoverableError(`Invalid comments.event payload (${parsed.issues.join("; ")})`);
  try {
    return await processCommentEvent(parsed.payload, deps);
  } catch (error) {
    // The code is the whole message: never the error's own text, which could quote the comment.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) throw new UnrecoverableError(error.code);
    throw error;
  }
}
