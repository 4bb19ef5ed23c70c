import { Prisma, scopedDb, type Tx, forOrg, ORG_ID, rawSql, acrossOrgs } from "@vetted/db";
import { lockAndChainAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { jsonInsert } from "../json-insert";
import { deliverMail } from "../mail/send-mail";
import { notificationWrites, type NotifyInput } from "../notifications/notify";
import { prepareCoaching, type CoachingRequest } from "../policy/assign-coaching";
import { nextState } from "../posts/post-state-machine";
import type { OrgScanContext } from "./org-scan-context";
import { findingRows } from "./finding-rows";
import { PermanentScanError } from "./scan-error";
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
  context: Pick<OrgScanContext, "policy" | "org">;
  approvers: string[];
  /** The web request that asked for the scan (the job's payload), for the approvers' mails. */
  requestId?: string | undefined;
}

type LockedPost = { id: string; state: string; currentRevision: number; authorId: string };

/**
 * Commits scans of one org in one transaction: per scan, findings, the post to IN_REVIEW, the
 * approvers notified and an audit event, exactly as one transaction per scan would, but with one
 * statement per table and one turn on the org's audit lock for the whole set. Each job still moves
 * out of a live status with a conditional update, so only the first finisher of a job writes its
 * findings and notifies (a rerun, a stalled job run twice, a duplicate in this very set).
 */
export async function writeScanResults(orgId: string, writes: ScanWrite[]): Promise<RunScanJobResult[]> {
  const { results, mailIds } = await scopedDb(orgId).$transaction((tx) => writeIn(tx, orgId, writes));
  for (const id of mailIds) await deliverMail(id);
  return results;
}

async function writeIn(tx: Tx, orgId: string, writes: ScanWrite[]) {
  // Posts first, then the jobs: the lock order of submit and edit, so they cannot deadlock. Several
  // posts are locked in id order, so two such sets in different workers cannot deadlock either.
  const postIds = [...new Set(writes.map((w) => w.postId))];
  const locked = await rawSql(tx, forOrg(orgId)).query<LockedPost[]>`
    SELECT id::text, state::text, "currentRevision", "authorId"::text FROM "Post"
    WHERE "orgId" = ${ORG_ID}::uuid AND id = ANY(${postIds}::uuid[]) ORDER BY id FOR UPDATE`;
  const posts = new Map(locked.map((p) => [p.id, p]));
  if (posts.size !== postIds.length) throw new PermanentScanError("POST_NOT_FOUND");

  const seen = new Set<string>();
  const current = writes.map((w) => {
    if (seen.has(w.jobId)) return "duplicate" as const;
    seen.add(w.jobId);
    return w.scan && posts.get(w.postId)!.currentRevision === w.revisionNumber ? ("scan" as const) : ("stale" as const);
  });
  const pick = (kind: string) => writes.filter((_, i) => current[i] === kind);
  const succeeded = await markSucceeded(tx, orgId, pick("scan"));
  const superseded = await markSuperseded(tx, orgId, pick("stale"));

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
      coaching.push({ userId: post.authorId, trigger: "POST_BLOCKED", triggerId: w.revisionId, findings: blockingFindings.length ? blockingFindings : scan.findings });
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
  if (coaching.length) {
    const org = writes[0]!.context.org;
    const coached = await prepareCoaching(tx, { id: orgId, slug: org.slug, name: org.name }, coaching, WORKER_ACTOR);
    audits.push(...coached.audits);
    notices.push(...coached.notices);
  }
  const notes = await notificationWrites(tx, notices);
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

async function markSucceeded(tx: Tx, orgId: string, writes: ScanWrite[]): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const rows = JSON.stringify(writes.map((w) => ({
    id: w.jobId, verdict: w.scan!.verdict, reasons: w.scan!.reasons, faces: w.scan!.faces, outcomes: w.scan!.outcomes.length ? w.scan!.outcomes : null,
  })));
  const done = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`
    UPDATE "ScanJob" j
    SET status = 'SUCCEEDED', verdict = v.verdict, reasons = ARRAY(SELECT jsonb_array_elements_text(v.reasons)),
      faces = v.faces, "priorOutcomes" = v.outcomes, "finishedAt" = clock_timestamp(), "lastErrorCode" = NULL
    FROM jsonb_to_recordset(${rows}::jsonb) AS v(id uuid, verdict text, reasons jsonb, faces int, outcomes jsonb)
    WHERE j.id = v.id AND j."orgId" = ${ORG_ID}::uuid AND j.status IN ('PENDING', 'ENQUEUED', 'RUNNING')
    RETURNING j.id::text AS id`;
  return new Set(done.map((r) => r.id));
}

/** The revision is no longer the post's current one: its scan is moot, and the post is not touched. */
async function markSuperseded(tx: Tx, orgId: string, writes: ScanWrite[]): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const done = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`
    UPDATE "ScanJob" SET status = 'SUPERSEDED', "finishedAt" = clock_timestamp()
    WHERE "orgId" = ${ORG_ID}::uuid AND id = ANY(${writes.map((w) => w.jobId)}::uuid[]) AND status IN ('PENDING', 'ENQUEUED', 'RUNNING')
    RETURNING id::text AS id`;
  return new Set(done.map((r) => r.id));
}
