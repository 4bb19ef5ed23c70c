import { scopedDb } from "@vetted/db";
import { approversFrom, loadOrgScanContext, type OrgScanContextLoader } from "./org-scan-context";
import { loadPriorFindings } from "./prior-findings";
import { PermanentScanError } from "./scan-error";
import { scanRevision, type ScanDeps } from "./scan-revision";
import { writeEach, type ScanWriter } from "./scan-write-batcher";
import { startScanJob, type ScanJobStarter } from "./start-scan-job";
import type { RunScanJobResult } from "./write-scan-results";

export { cachedOrgScanContext, type OrgScanContextLoader } from "./org-scan-context";
export { createScanWriteBatcher, type ScanWriter } from "./scan-write-batcher";
export { createScanJobStarter, type ScanJobStarter } from "./start-scan-job";
export { warmUpScanPipeline } from "./warm-up";
export type { RunScanJobResult } from "./write-scan-results";

export interface RunScanJobInput {
  scanJobId: string;
  orgId: string;
  /** The web request that asked for the scan (the job's payload): named on the mails the scan sends. */
  requestId?: string | undefined;
}

/** The worker's choices; the defaults (fresh reads, one transaction per scan) suit tests and scripts. */
export interface RunScanJobDeps extends ScanDeps {
  /** Org config, policy and members; the worker passes a short-lived cache (cachedOrgScanContext). */
  orgContext?: OrgScanContextLoader;
  /** How the results are committed; the worker passes a group-committing batcher. */
  write?: ScanWriter;
  /** How a job is started; the worker passes one that starts a burst of jobs in one statement. */
  start?: ScanJobStarter;
}

/**
 * Scans one revision and puts its post in review. Safe to run twice for one job (a BullMQ retry,
 * a stalled job picked up by a second worker, a duplicate dispatch): the slow scan runs outside any
 * transaction, and the write transaction locks the post and moves the job out of a live status with
 * a conditional update, so only the first finisher writes findings and notifies.
 */
export async function runScanJob(input: RunScanJobInput, deps: RunScanJobDeps = {}): Promise<RunScanJobResult> {
  const { orgId } = input;
  const write = deps.write ?? writeEach;
  const start = await (deps.start ?? startScanJob)(orgId, input.scanJobId);
  if ("notFound" in start) throw new PermanentScanError("SCAN_JOB_NOT_FOUND");
  if ("skipped" in start) return { outcome: "skipped", status: start.skipped };
  const { revision, post, ...job } = start.started;
  if (!revision || !post) throw new PermanentScanError("REVISION_NOT_FOUND");

  const base = { jobId: job.jobId, postId: job.postId, revisionId: job.revisionId, revisionNumber: revision.number, images: revision.mediaIds.length, requestId: input.requestId };
  const context = await (deps.orgContext ?? loadOrgScanContext)(orgId);
  // Already stale: the scan is moot. The write re-checks under the post's lock either way.
  if (post.currentRevision !== revision.number) return write(orgId, { ...base, scan: null, context, approvers: [] });

  const media = revision.mediaIds.length ? await scopedDb(orgId).media.findMany({ where: { orgId, id: { in: revision.mediaIds } } }) : [];
  // A redacted image is re-checked against the findings of the image it was made from.
  const priors = media.some((m) => m.parentId) ? await loadPriorFindings(orgId, job.postId, revision.number, media) : undefined;
  const scan = await scanRevision(revision, media, context.config, deps, priors);
  const approvers = approversFrom(context.members, context.policy.steps[0], post.authorId);
  return write(orgId, { ...base, scan, context, approvers });
}
