import { Prisma, pgDirect, type RawClient, forOrg, ORG_ID, rawSql, acrossOrgs } from "@vetted/db";
import { lockAndChainAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { jsonInsert } from "../json-insert";
import { deliverMail } from "../mail/send-mail";
import { notificationStatements, type NotifyInput } from "../notifications/notify";
import { writeCoaching, type CoachingRequest } from "../policy/assign-coaching";
import { nextState } from "../posts/post-state-machine";
import type { OrgScanContext } from "./org-scan-context";
import { findingRows } from "./finding-rows";
import { PermanentScanError } from "./scan-error";
import { settleScanJobs } from "./settle-scan-jobs";
import type { RevisionScan } from "./scan-revision";

export type RunScanJobResult =
  | { outcome: "succeeded"; findings: number; verdict: string }
  | { outcome: "skipped"; status: string }
  | { outcome: "superseded" };

/** One finished scan to commit; `scan` null: the revision was already stale before scanning. */
export interface ScanWrite {
  jobId: string;
  postId: string;
  revisionId: string;
  revisionNumber: number;
  images: number;
  scan: RevisionScan | null;
  context: Pick<OrgScanContext, "policy" | "org" | "members" | "coaching">;
  approvers: string[];
  /** The web request that asked for the scan (the job's payload), for the approvers' mails. */
  requestId?: string | undefined;
}

/**
 * Commits scans of one org in one transaction: per scan, findings, the post to IN_REVIEW, the
 * approvers notified and an audit event, exactly as one transaction per scan would, but with one
 * statement per table and one turn on the org's audit lock for the whole set. Each job still moves
 * out of a live status with a conditional update, so only the first finisher of a job writes its
 * findings and notifies (a rerun, a stalled job run twice, a duplicate in this very set).
 */
export async function writeScanResults(orgId: string, writes: ScanWrite[]): Promise<RunScanJobResult[]> {
  // Raw SQL on the pg pool (pgDirect): each statement is scoped by rawSql(forOrg), and Prisma's CPU per
  // statement was what bounded a worker's scans per second.
  const { results, mailIds } = await pgDirect().transaction((tx) => writeIn(tx, orgId, writes));
  // Not awaited: with SMTP set, a batch's mails (an approver's per post, a coaching notice) would hold
  // up the org's next batch for as many sends. The rows are committed; deliverMail never throws, and
  // a send that fails or never happens is the worker's mail sweep's to retry.
  void deliverEach(mailIds);
  return results;
}

async function deliverEach(mailIds: string[]): Promise<void> {
  for (const id of mailIds) await deliverMail(id);
}

async function writeIn(tx: RawClient, orgId: string, writes: ScanWrite[]) {
  // A job twice in one batch (a duplicate dispatch) is settled once; its second copy is "RACED".
  const first = writes.map((w, i) => writes.findIndex((other) => other.jobId === w.jobId) === i);
  const { posts, succeeded, superseded } = await settleScanJobs(tx, orgId, writes.filter((_, i) => first[i]));
  if (posts.size !== new Set(writes.map((w) => w.postId)).size) throw new PermanentScanError("POST_NOT_FOUND");
  const current = writes.map((w, i) => {
    if (!first[i]) return "duplicate" as const;
    return w.scan && posts.get(w.postId)!.currentRevision === w.revisionNumber ? ("scan" as const) : ("stale" as const);
  });

  const findings: object[] = [];
  const toReview: string[] = [];
  const notices: NotifyInput[] = [];
  const audits: AuditEventInput[] = [];
  const coaching: CoachingRequest[] = [];
  const results = writes.map((w, i): RunScanJobResult => {
    if (current[i] === "stale") {
      if (superseded.has(w.jobId)) {
        audits.push({ ...WORKER_ACTOR, orgId, action: "scan.superseded", targetType: "ScanJob", targetId: w.jobId, metadata: { postId: w.postId, revisionId: w.revisionId } });
      }
      return { outcome: "superseded" };
    }
    // Another run of this job finished first (or the post was resubmitted): its findings stand.
    if (current[i] === "duplicate" || !succeeded.has(w.jobId) || !w.scan) return { outcome: "skipped", status: "RACED" };
    const scan = w.scan;
    const post = posts.get(w.postId)!;
    const { rows, blocking: blockingFindings } = findingRows(scan, w.context.policy.blockingTypes, { orgId, postId: w.postId, revisionId: w.revisionId });
    const blocking = blockingFindings.length;
    findings.push(...rows);
    // The author's content was blocked: a coaching assignment, one per revision.
    if (scan.verdict === "block") {
      coaching.push({ userId: post.authorId, trigger: "POST_BLOCKED", triggerId: w.revisionId, findings: blockingFindings.length ? blockingFindings : scan.findings, origin: { requestId: w.requestId } });
    }
    // A post that left SCANNING meanwhile (expired at its scheduled time) keeps its state; the
    // findings are still recorded for the reviewer who looks at it.
    const inReview = post.state === "SCANNING";
    if (inReview) {
      toReview.push(w.postId);
      notices.push({ orgId, orgSlug: w.context.org.slug, orgName: w.context.org.name, postId: w.postId, kind: "ready_for_review", userIds: w.approvers, request: { requestId: w.requestId } });
    }
    audits.push({
      ...WORKER_ACTOR, orgId, action: "scan.completed", targetType: "ScanJob", targetId: w.jobId,
      metadata: {
        postId: w.postId, revisionId: w.revisionId, verdict: scan.verdict, findings: scan.findings.length, blocking,
        faces: scan.faces, images: w.images, postState: inReview ? "IN_REVIEW" : post.state,
        ...(scan.outcomes.length ? countOutcomes(scan.outcomes) : {}),
      },
    });
    return { outcome: "succeeded", findings: scan.findings.length, verdict: scan.verdict };
  });

  // The rest goes to the database as one statement (data-modifying CTEs), after the org's audit
  // lock is taken and the chain head read: two round trips fewer per batch, and the lock is held
  // for the same number of round trips as when the audit insert was a statement of its own.
  const statements: Prisma.Sql[] = [];
  if (findings.length) statements.push(jsonInsert("Finding", FINDING_COLUMNS, findings, { orgId: ORG_ID }));
  if (toReview.length) {
    statements.push(Prisma.sql`
      UPDATE "Post" SET state = ${nextState("SCANNING", "scanSucceeded")}::"PostState", "updatedAt" = ${new Date()}
      WHERE "orgId" = ${ORG_ID}::uuid AND id = ANY(${toReview}::uuid[])`);
  }
  // The org's manual, members and their addresses come with the scans (the worker's org context):
  // inside the transaction, which holds the org's turn on the audit lock, only writes are left.
  const { coaching: basis, org } = writes[0]!.context;
  const emails = new Map(writes.flatMap((w) => w.context.members.map((m) => [m.userId, m.email] as const)));
  if (coaching.length) {
    const coached = await writeCoaching(tx, { id: orgId, slug: org.slug, name: org.name }, coaching, WORKER_ACTOR, new Date(), { basis, memberIds: new Set(emails.keys()) });
    audits.push(...coached.audits);
    notices.push(...coached.notices);
  }
  const notes = notificationStatements(notices, emails);
  if (notes) statements.push(notes.notifications);
  const audit = await lockAndChainAuditEvents(tx, audits);
  if (audit) statements.push(audit);
  const final = notes?.mails ?? Prisma.sql`SELECT NULL::text AS id WHERE false`;
  const ctes = statements.map((w, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${w})`);
  const statement = ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes, ", ")} ${final}` : final;
  // Every write above is bound to the org; without one, only the (org-less) mail outbox is left.
  const scope = ctes.length ? forOrg(orgId) : acrossOrgs("mail outbox: no org owns an OutboxMail row");
  const mailIds = (await rawSql(tx, scope).query<{ id: string }[]>(statement)).map((r) => r.id);
  return { results, mailIds };
}

/** Counts only: the audit trail holds no finding text. */
const countOutcomes = (outcomes: RevisionScan["outcomes"]) => ({
  earlierStillPresent: outcomes.filter((o) => o.outcome === "STILL_PRESENT").length,
  earlierRemovedByRedaction: outcomes.filter((o) => o.outcome === "REMOVED_BY_REDACTION").length,
});

const FINDING_COLUMNS = {
  orgId: "uuid", postId: "uuid", revisionId: "uuid", mediaId: "uuid", source: "text", type: "text", start: "int", end: "int",
  box: "int[]", text: "text", score: "float8", recognizer: "text", explanation: "text", blocking: "boolean",
};
