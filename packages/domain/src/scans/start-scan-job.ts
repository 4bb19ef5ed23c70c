import { pgDirect, type Prisma, forOrg, ORG_ID, rawSql } from "@vetted/db";

/** What a scan needs of its job, revision and post, read as the job is marked RUNNING. */
export interface StartedScanJob {
  jobId: string;
  orgId: string;
  postId: string;
  revisionId: string;
  /** null when the revision or its post is gone. */
  revision: { number: number; text: string; channelTexts: Prisma.JsonValue; mediaIds: string[] } | null;
  post: { authorId: string; currentRevision: number } | null;
}

export type StartScanJobResult = { started: StartedScanJob } | { skipped: string } | { notFound: true };

interface Row {
  id: string;
  status: string;
  started: boolean;
  postId: string | null;
  revisionId: string | null;
  number: number | null;
  text: string | null;
  channelTexts: Prisma.JsonValue;
  mediaIds: string[] | null;
  authorId: string | null;
  currentRevision: number | null;
}

/**
 * Moves a live job to RUNNING (one more attempt, startedAt) and reads its revision and post, in one
 * round trip. The update is conditional on a live status, so of two runs racing to start one job
 * the second sees no row and is told "RACED"; a finished job is reported with its status, untouched.
 * RUNNING is committed before the scan on purpose: a worker that dies mid-scan leaves the attempt
 * counted, and the sweeper can tell a running job from a waiting one.
 */
export async function startScanJob(orgId: string, scanJobId: string): Promise<StartScanJobResult> {
  return (await startScanJobs(orgId, [scanJobId])).get(scanJobId)!;
}

/** startScanJob for several jobs of one org in one statement. */
export async function startScanJobs(orgId: string, scanJobIds: string[]): Promise<Map<string, StartScanJobResult>> {
  const ids = [...new Set(scanJobIds)];
  // Every table is filtered by the org. On the pg pool without Prisma (pgDirect): a burst of jobs starts here.
  const rows = await rawSql(pgDirect(), forOrg(orgId)).query<Row[]>`
    WITH job AS (
      SELECT id, status::text AS status FROM "ScanJob" WHERE id = ANY(${ids}::uuid[]) AND "orgId" = ${ORG_ID}::uuid
    ), started AS (
      UPDATE "ScanJob" s SET status = 'RUNNING', attempts = s.attempts + 1, "startedAt" = clock_timestamp()
      FROM job
      WHERE s.id = job.id AND s."orgId" = ${ORG_ID}::uuid AND s.status IN ('PENDING', 'ENQUEUED', 'RUNNING')
      RETURNING s.id, s."postId", s."revisionId"
    )
    SELECT job.id::text AS id, job.status, started.id IS NOT NULL AS started, started."postId"::text AS "postId",
      started."revisionId"::text AS "revisionId", r.number, r.text, r."channelTexts", r."mediaIds"::text[] AS "mediaIds",
      p."authorId"::text AS "authorId", p."currentRevision"
    FROM job
    LEFT JOIN started ON started.id = job.id
    LEFT JOIN "PostRevision" r ON r.id = started."revisionId" AND r."orgId" = ${orgId}::uuid
    LEFT JOIN "Post" p ON p.id = started."postId" AND p."orgId" = ${orgId}::uuid`;
  const out = new Map<string, StartScanJobResult>(ids.map((id) => [id, { notFound: true }]));
  for (const row of rows) out.set(row.id, toResult(orgId, row));
  return out;
}

function toResult(orgId: string, row: Row): StartScanJobResult {
  if (!row.started || !row.postId || !row.revisionId) return { skipped: LIVE.includes(row.status) ? "RACED" : row.status };
  return {
    started: {
      jobId: row.id,
      orgId,
      postId: row.postId,
      revisionId: row.revisionId,
      revision: row.number === null || row.text === null ? null : { number: row.number, text: row.text, channelTexts: row.channelTexts, mediaIds: row.mediaIds ?? [] },
      post: row.authorId === null || row.currentRevision === null ? null : { authorId: row.authorId, currentRevision: row.currentRevision },
    },
  };
}

const LIVE = ["PENDING", "ENQUEUED", "RUNNING"];

export type ScanJobStarter = (orgId: string, scanJobId: string) => Promise<StartScanJobResult>;

/**
 * For the worker: starts asked for in the same turn of the event loop are sent as one statement per
 * org. BullMQ hands a worker its next jobs together when a batch of scans completes, so the starts
 * arrive in bursts; a lone start waits only for the current turn to end (setImmediate).
 */
export function createScanJobStarter(): ScanJobStarter {
  const pending = new Map<string, Map<string, ((r: Promise<StartScanJobResult>) => void)[]>>();
  const flush = (orgId: string) => {
    const waiting = pending.get(orgId)!;
    pending.delete(orgId);
    const started = startScanJobs(orgId, [...waiting.keys()]);
    for (const [id, resolvers] of waiting) for (const resolve of resolvers) resolve(started.then((m) => m.get(id)!));
  };
  return (orgId, scanJobId) =>
    new Promise<StartScanJobResult>((resolve) => {
      let waiting = pending.get(orgId);
      if (!waiting) {
        waiting = new Map();
        pending.set(orgId, waiting);
        setImmediate(() => flush(orgId));
      }
      waiting.set(scanJobId, [...(waiting.get(scanJobId) ?? []), resolve]);
    });
}
