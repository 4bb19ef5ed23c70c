import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { Job } from "bullmq";

// What the queue dashboard may show of a failed job. Payloads and return values are ids, counts and
// codes, but a failure's reason is the thrown error's message, and an error's message can quote data
// (a database error repeating a value, say): the worker never logs one for that reason. The dashboard
// follows the same rule: reasons that are codes, or the processors' own payload refusals (field names
// and validation codes only), are shown; any other message is replaced, and stack traces keep their
// frames (file and line) without the message on top.

/** UnrecoverableError("NOT_FOUND") and the like, and the processors' fixed refusals (apps/worker/src/processors). */
const SAFE_REASON = /^(?:[A-Z][A-Z0-9_]{2,63}|Invalid [a-z]+\.[a-z]+ payload \([^()]*\)|Unknown job name on queue [a-z]+)$/;
export const HIDDEN_REASON = "Message hidden: an error's text may quote data. The job id and the worker's log tell what failed.";

const framesOnly = (stack: string) =>
  stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");

export function redactFailure<T extends { failedReason?: string | null; stacktrace?: (string | null)[] | null }>(job: T): T {
  const failedReason = job.failedReason && !SAFE_REASON.test(job.failedReason) ? HIDDEN_REASON : job.failedReason;
  const stacktrace = job.stacktrace ? job.stacktrace.map((s) => (s ? framesOnly(s) : s)) : job.stacktrace;
  return { ...job, failedReason, stacktrace };
}

/** The job as bull-board reads it (toJSON), redacted; every other property and method is the job's own. */
function redacted(job: Job): Job {
  const view = Object.create(job) as Job;
  view.toJSON = () => redactFailure(job.toJSON());
  return view;
}

/** BullMQ's bull-board adapter, with every job it hands out redacted as above. */
export class RedactingBullMQAdapter extends BullMQAdapter {
  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id);
    return job ? redacted(job) : job;
  }

  override async getJobs(...args: Parameters<BullMQAdapter["getJobs"]>): Promise<Job[]> {
    return (await super.getJobs(...args)).map(redacted);
  }
}
