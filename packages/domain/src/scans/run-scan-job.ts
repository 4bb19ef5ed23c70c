import { scopedDb, type Post, type PostRevision, type ScanJob, type Tx } from "@vetted/db";
import { eligibleApprovers, loadPolicy, type EffectivePolicy } from "../approvals/approval-policy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { lockPost } from "../posts/post-access";
import { nextState } from "../posts/post-state-machine";
import { loadOrgScanConfig } from "./load-org-scan-config";
import { PermanentScanError } from "./scan-error";
import { scanRevision, type RevisionScan, type ScanDeps } from "./scan-revision";

export interface RunScanJobInput {
  scanJobId: string;
  orgId: string;
}

export type RunScanJobResult =
  | { outcome: "succeeded"; findings: number; verdict: string }
  | { outcome: "skipped"; status: string }
  | { outcome: "superseded" };

const FINISHED = ["SUCCEEDED", "SUPERSEDED", "FAILED"] as const;
const LIVE = ["PENDING", "ENQUEUED", "RUNNING"] as const;

/**
 * Scans one revision and puts its post in review. Safe to run twice for one job (a BullMQ retry,
 * a stalled job picked up by a second worker, a duplicate dispatch): the slow scan runs outside any
 * transaction, and the write transaction locks the post and moves the job out of a live status with
 * a conditional update, so only the first finisher writes findings and notifies.
 */
export async function runScanJob(input: RunScanJobInput, deps: ScanDeps = {}): Promise<RunScanJobResult> {
  const sdb = scopedDb(input.orgId);
  const job = await sdb.scanJob.findFirst({ where: { id: input.scanJobId, orgId: input.orgId } });
  if (!job) throw new PermanentScanError("SCAN_JOB_NOT_FOUND");
  if ((FINISHED as readonly string[]).includes(job.status)) return { outcome: "skipped", status: job.status };
  const started = await sdb.scanJob.updateMany({
    where: { id: job.id, orgId: input.orgId, status: { in: [...LIVE] } },
    data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date() },
  });
  if (started.count === 0) return { outcome: "skipped", status: "RACED" };

  const [revision, post] = await Promise.all([
    sdb.postRevision.findFirst({ where: { id: job.revisionId, orgId: input.orgId } }),
    sdb.post.findFirst({ where: { id: job.postId, orgId: input.orgId } }),
  ]);
  if (!revision || !post) throw new PermanentScanError("REVISION_NOT_FOUND");
  if (post.currentRevision !== revision.number) return supersede(job);

  const [config, media] = await Promise.all([
    loadOrgScanConfig(sdb, input.orgId),
    revision.mediaIds.length ? sdb.media.findMany({ where: { orgId: input.orgId, id: { in: revision.mediaIds } } }) : Promise.resolve([]),
  ]);
  const scan = await scanRevision(revision, media, config, deps);
  // Read-only look-ups before the write transaction, to keep it (and the org's audit lock) short.
  const [policy, org] = await Promise.all([
    sdb.$transaction((tx) => loadPolicy(tx, input.orgId)),
    sdb.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { slug: true, name: true } }),
  ]);
  const firstStep = policy.steps[0];
  const approvers = firstStep ? await sdb.$transaction((tx) => eligibleApprovers(tx, input.orgId, firstStep, post.authorId)) : [];
  return writeResults(job, revision, scan, { policy, org, approvers });
}

function supersede(job: ScanJob): Promise<RunScanJobResult> {
  return scopedDb(job.orgId).$transaction((tx) => supersedeIn(tx, job));
}

interface Recipients {
  policy: EffectivePolicy;
  org: { slug: string; name: string };
  approvers: string[];
}

async function writeResults(job: ScanJob, revision: PostRevision, scan: RevisionScan, { policy, org, approvers }: Recipients): Promise<RunScanJobResult> {
  const orgId = job.orgId;
  const result = await scopedDb(orgId).$transaction(async (tx): Promise<{ result: RunScanJobResult; mailIds: string[] }> => {
    // Post first, then the job: the same lock order as submit and edit, so they cannot deadlock.
    const post: Post = await lockPost(tx, orgId, job.postId);
    if (post.currentRevision !== revision.number) return { result: await supersedeIn(tx, job), mailIds: [] };
    const finished = await tx.scanJob.updateMany({
      where: { id: job.id, orgId, status: { in: [...LIVE] } },
      data: { status: "SUCCEEDED", verdict: scan.verdict, reasons: scan.reasons, faces: scan.faces, finishedAt: new Date(), lastErrorCode: null },
    });
    // Another run of this job finished first (or the post was resubmitted): its findings stand.
    if (finished.count === 0) return { result: { outcome: "skipped", status: "RACED" }, mailIds: [] };

    const blockingTypes = new Set(policy.blockingTypes);
    const isBlocking = (f: RevisionScan["findings"][number]) => (blockingTypes.size > 0 ? blockingTypes.has(f.type) : f.sourceVerdict === "block");
    const blockingFlags = scan.findings.map(isBlocking);
    if (scan.findings.length) {
      await tx.finding.createMany({
        data: scan.findings.map(({ sourceVerdict: _verdict, ...f }, i) => ({ ...f, orgId, postId: post.id, revisionId: revision.id, blocking: blockingFlags[i] ?? false })),
      });
    }
    // A post that left SCANNING meanwhile (expired at its scheduled time) keeps its state; the
    // findings are still recorded for the reviewer who looks at it.
    let mailIds: string[] = [];
    const inReview = post.state === "SCANNING";
    if (inReview) {
      await tx.post.update({ where: { id: post.id, orgId }, data: { state: nextState(post.state, "scanSucceeded") } });
      mailIds = await notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: post.id, kind: "ready_for_review", userIds: approvers });
    }
    const blocking = blockingFlags.filter(Boolean).length;
    await recordAuditEvent(tx, {
      ...WORKER_ACTOR, orgId, action: "scan.completed", targetType: "ScanJob", targetId: job.id,
      metadata: {
        postId: post.id, revisionId: revision.id, verdict: scan.verdict, findings: scan.findings.length, blocking,
        faces: scan.faces, images: revision.mediaIds.length, postState: inReview ? "IN_REVIEW" : post.state,
      },
    });
    return { result: { outcome: "succeeded", findings: scan.findings.length, verdict: scan.verdict }, mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return result.result;
}

/** The revision is no longer the post's current one: its scan is moot, and the post is not touched. */
async function supersedeIn(tx: Tx, job: ScanJob): Promise<RunScanJobResult> {
  const moved = await tx.scanJob.updateMany({
    where: { id: job.id, orgId: job.orgId, status: { in: [...LIVE] } },
    data: { status: "SUPERSEDED", finishedAt: new Date() },
  });
  if (moved.count > 0) {
    await recordAuditEvent(tx, {
      ...WORKER_ACTOR, orgId: job.orgId, action: "scan.superseded", targetType: "ScanJob", targetId: job.id,
      metadata: { postId: job.postId, revisionId: job.revisionId },
    });
  }
  return { outcome: "superseded" };
}
