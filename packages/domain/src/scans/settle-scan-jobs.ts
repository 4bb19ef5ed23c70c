import { forOrg, ORG_ID, rawSql, type RawClient } from "@vetted/db";
import type { ScanWrite } from "./write-scan-results";

export type LockedPost = { id: string; state: string; currentRevision: number; authorId: string };

export interface SettledJobs {
  posts: Map<string, LockedPost>;
  /** Jobs moved to SUCCEEDED: their scan is of the post's current revision. */
  succeeded: Set<string>;
  /** Jobs moved to SUPERSEDED: the revision is no longer current (or was stale before the scan). */
  superseded: Set<string>;
}

/**
 * Locks the batch's posts and moves each job out of its live status, in one round trip. Posts first,
 * then the jobs: the lock order of submit and edit, so they cannot deadlock (a job row is updated
 * only once the join has read, and so locked, its post); several posts are locked in id order, so two
 * such sets in different workers cannot deadlock either. A job is SUCCEEDED when it has a scan and
 * its revision is still the post's current one, SUPERSEDED otherwise; the updates are conditional on
 * a live status, so a job another run already finished is in neither set. Pass each job once.
 */
export async function settleScanJobs(tx: RawClient, orgId: string, writes: ScanWrite[]): Promise<SettledJobs> {
  const postIds = [...new Set(writes.map((w) => w.postId))];
  const jobs = JSON.stringify(writes.map((w) => ({
    id: w.jobId, postId: w.postId, revision: w.revisionNumber, scanned: w.scan !== null,
    verdict: w.scan?.verdict ?? null, reasons: w.scan?.reasons ?? [], faces: w.scan?.faces ?? 0, outcomes: w.scan?.outcomes.length ? w.scan.outcomes : null,
  })));
  const rows = await rawSql(tx, forOrg(orgId)).query<{ kind: string; id: string; state: string | null; currentRevision: number | null; authorId: string | null }[]>`
    WITH locked AS (
      SELECT id, state, "currentRevision", "authorId" FROM "Post"
      WHERE "orgId" = ${ORG_ID}::uuid AND id = ANY(${postIds}::uuid[]) ORDER BY id FOR UPDATE
    ), v AS (
      SELECT v.*, (v.scanned AND p."currentRevision" = v.revision) AS current
      FROM jsonb_to_recordset(${jobs}::jsonb) AS v(id uuid, "postId" uuid, revision int, scanned boolean, verdict text, reasons jsonb, faces int, outcomes jsonb)
      JOIN locked p ON p.id = v."postId"
    ), succeeded AS (
      UPDATE "ScanJob" j
      SET status = 'SUCCEEDED', verdict = v.verdict, reasons = ARRAY(SELECT jsonb_array_elements_text(v.reasons)),
        faces = v.faces, "priorOutcomes" = v.outcomes, "finishedAt" = clock_timestamp(), "lastErrorCode" = NULL
      FROM v
      WHERE j.id = v.id AND v.current AND j."orgId" = ${ORG_ID}::uuid AND j.status IN ('PENDING', 'ENQUEUED', 'RUNNING')
      RETURNING j.id
    ), superseded AS (
      UPDATE "ScanJob" j SET status = 'SUPERSEDED', "finishedAt" = clock_timestamp()
      FROM v
      WHERE j.id = v.id AND NOT v.current AND j."orgId" = ${ORG_ID}::uuid AND j.status IN ('PENDING', 'ENQUEUED', 'RUNNING')
      RETURNING j.id
    )
    SELECT 'post' AS kind, id::text AS id, state::text AS state, "currentRevision", "authorId"::text AS "authorId" FROM locked
    UNION ALL SELECT 'succeeded', id::text, NULL, NULL, NULL FROM succeeded
    UNION ALL SELECT 'superseded', id::text, NULL, NULL, NULL FROM superseded`;
  const settled: SettledJobs = { posts: new Map(), succeeded: new Set(), superseded: new Set() };
  for (const r of rows) {
    if (r.kind === "post") settled.posts.set(r.id, { id: r.id, state: r.state!, currentRevision: r.currentRevision!, authorId: r.authorId! });
    else settled[r.kind as "succeeded" | "superseded"].add(r.id);
  }
  return settled;
}
