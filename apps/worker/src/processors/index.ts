import type { CommentDeps, GroupOcrDeps, ScanDeps } from "@vetted/domain";
import type { QueueName } from "@vetted/queue";
import type { Job } from "bullmq";
import { createCommentsProcessor } from "./comments.js";
import { createGroupsProcessor } from "./groups.js";
import { processHealth } from "./health.js";
import { createScanProcessor } from "./scan.js";

export type Processor = (job: Job) => Promise<unknown>;

/** One processor per queue; the Record type makes a new queue without a processor a type error. */
export function createProcessors(deps: { scan: ScanDeps; comments: CommentDeps; groups: GroupOcrDeps }): Record<QueueName, Processor> {
  return {
    health: processHealth,
    scan: createScanProcessor(deps.scan),
    comments: createCommentsProcessor(deps.comments),
    groups: createGroupsProcessor(deps.groups),
  };
}
