import type { QueueName } from "@vetted/queue";
import type { Job } from "bullmq";
import { processHealth } from "./health.js";

/** One processor per queue; the Record type makes a new queue without a processor a type error. */
export const PROCESSORS: Record<QueueName, (job: Job) => Promise<unknown>> = {
  health: processHealth,
};
