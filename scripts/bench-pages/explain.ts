// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the measured pages, at the bench's scale: the SQL
// Prisma sends for listPosts (posts list), listReviewQueuePage (review queue: all its orgs at once, findings for the page shown), one post's page and the
// org cards' waiting counts, written out by hand with the bench users' real ids. Each plan is kept
// whole in a file; the summary names the indexes used, the rows and the execution time.
import { writeFileSync } from "node:fs";
import type pg from "pg";

export interface PlanSummary {
  name: string;
  indexes: string[];
  /** Rows the top node returned. */
  rows: number;
  ms: number;
  /** Shared buffers hit + read (8 kB pages touched). */
  buffers: number;
  plan: string;
}

interface Ids {
  orgId: string;
  orgIds: string[];
  officerId: string;
  postIds: string[];
  review: { postId: string; revisionId: string; number: number } | null;
  /** The officer's queue: its posts and their current revisions (what listReviewQueue passes as lists). */
  queuePostIds: string[];
  queueRevisionIds: string[];
  /** The first page's (50 soonest scheduled): the findings are read for these only. */
  pageRevisionIds: string[];
}

async function ids(client: pg.Client, orgSlug: string, officerEmail: string): Promise<Ids> {
  const one = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]) => (await client.query<T>(sql, values)).rows;
  const [org] = await one<{ id: string }>(`SELECT id::text FROM "Organization" WHERE slug = $1`, [orgSlug]);
  const [officer] = await one<{ id: string }>(`SELECT id::text FROM "User" WHERE email = $1`, [officerEmail]);
  const orgIds = (await one<{ orgId: string }>(`SELECT "orgId"::text FROM "Membership" WHERE "userId" = $1`, [officer!.id])).map((r) => r.orgId);
  const postIds = (await one<{ id: string }>(`SELECT id::text FROM "Post" WHERE "orgId" = $1 ORDER BY "updatedAt" DESC LIMIT 50`, [org!.id])).map((r) => r.id);
  const [review] = await one<{ postId: string; revisionId: string; number: number }>(
    `SELECT p.id::text AS "postId", r.id::text AS "revisionId", r.number FROM "Post" p JOIN "PostRevision" r ON r."postId" = p.id AND r.number = p."currentRevision"
     WHERE p."orgId" = $1 AND p.state = 'IN_REVIEW' LIMIT 1`, [org!.id]);
  const queue = await one<{ postId: string; revisionId: string }>(
    `SELECT p.id::text AS "postId", r.id::text AS "revisionId" FROM "Post" p JOIN "PostRevision" r ON r."postId" = p.id AND r.number = p."currentRevision"
     WHERE p."orgId" = ANY($1::uuid[]) AND p.state = 'IN_REVIEW' ORDER BY p."scheduledAt" NULLS LAST`, [orgIds]);
  return {
    orgId: org!.id, orgIds, officerId: officer!.id, postIds, review: review ?? null,
    queuePostIds: queue.map((q) => q.postId), queueRevisionIds: queue.map((q) => q.revisionId), pageRevisionIds: queue.slice(0, 50).map((q) => q.revisionId),
  };
}

function queries(x: Ids): [string, string, unknown[]][] {
  const r = x.review ?? { postId: x.postIds[0]!, revisionId: "00000000-0000-0000-0000-000000000000", number: 1 };
  // The review queue reads all its orgs at once (approvals/list-review-queue.ts): one query per table,
  // with the queue's post and revision ids as lists ($2, $3), as Prisma sends them.
  const q = [x.orgIds, x.queuePostIds, x.queueRevisionIds];
  return [
    ["posts list: count", `SELECT count(*) FROM "Post" WHERE "orgId" = $1`, [x.orgId]],
    ["posts list: newest 50", `SELECT * FROM "Post" WHERE "orgId" = $1 ORDER BY "updatedAt" DESC LIMIT 50 OFFSET 0`, [x.orgId]],
    ["posts list: newest 50 published", `SELECT * FROM "Post" WHERE "orgId" = $1 AND state = 'PUBLISHED' ORDER BY "updatedAt" DESC LIMIT 50 OFFSET 0`, [x.orgId]],
    ["posts list: verdicts of the 50", `SELECT "postId", verdict, "finishedAt" FROM "ScanJob" WHERE "orgId" = $1 AND "postId" = ANY($2::uuid[]) AND status = 'SUCCEEDED' ORDER BY "finishedAt" DESC`, [x.orgId, x.postIds]],
    ["review: memberships", `SELECT m.*, o.slug, o.name FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = $1`, [x.officerId]],
    ["review: posts in review (10 orgs)", `SELECT id, "orgId", "authorId", title, channels, "scheduledAt", "currentRevision" FROM "Post" WHERE "orgId" = ANY($1::uuid[]) AND state = 'IN_REVIEW' AND "authorId" <> $2`, [x.orgIds, x.officerId]],
    ["review: their revisions", `SELECT id, "postId", number, "createdAt", "mediaIds" FROM "PostRevision" WHERE "orgId" = ANY($1::uuid[]) AND "postId" = ANY($2::uuid[])`, [x.orgIds, x.queuePostIds]],
    ["review: org members", `SELECT "orgId", "userId", role FROM "Membership" WHERE "orgId" = ANY($1::uuid[])`, [x.orgIds]],
    ["review: live approvals", `SELECT "revisionId", step, "approverId", "clientApproverId" FROM "Approval" WHERE "orgId" = ANY($1::uuid[]) AND "postId" = ANY($2::uuid[]) AND "revisionId" = ANY($3::uuid[]) AND "voidedAt" IS NULL AND decision = 'APPROVE'`, q],
    ["review: scans of the revisions", `SELECT "revisionId", verdict, faces, "finishedAt" FROM "ScanJob" WHERE "orgId" = ANY($1::uuid[]) AND "revisionId" = ANY($2::uuid[])`, [x.orgIds, x.queueRevisionIds]],
    // The findings of the page shown only (listReviewQueuePage): 50 revisions.
    ["review: findings by type (page)", `SELECT "revisionId", type, count(*) FROM "Finding" WHERE "orgId" = ANY($1::uuid[]) AND "revisionId" = ANY($2::uuid[]) AND "dismissedAt" IS NULL GROUP BY "revisionId", type`, [x.orgIds, x.pageRevisionIds]],
    ["review: findings ranked (page)", `SELECT "revisionId", type, blocking FROM "Finding" WHERE "orgId" = ANY($1::uuid[]) AND "revisionId" = ANY($2::uuid[]) AND "dismissedAt" IS NULL ORDER BY blocking DESC, score DESC`, [x.orgIds, x.pageRevisionIds]],
    ["one post: current revision", `SELECT * FROM "PostRevision" WHERE "orgId" = $1 AND "postId" = $2 AND number = $3 LIMIT 1`, [x.orgId, r.postId, r.number]],
    ["one post: findings of the revision", `SELECT * FROM "Finding" WHERE "orgId" = $1 AND "revisionId" = $2`, [x.orgId, r.revisionId]],
    ["org cards: waiting per org", `SELECT "orgId", count(*) FROM "Post" WHERE "orgId" = ANY($1::uuid[]) AND state = 'IN_REVIEW' GROUP BY "orgId"`, [x.orgIds]],
    ["org cards: overdue per org", `SELECT "orgId", count(*) FROM "Post" WHERE "orgId" = ANY($1::uuid[]) AND state = 'IN_REVIEW' AND ("updatedAt" < now() - interval '48 hours' OR "scheduledAt" < now() + interval '24 hours') GROUP BY "orgId"`, [x.orgIds]],
  ];
}

type PlanNode = { "Node Type": string; "Index Name"?: string; "Actual Rows": number; "Shared Hit Blocks"?: number; "Shared Read Blocks"?: number; Plans?: PlanNode[] };

function indexesOf(node: PlanNode, out = new Set<string>()): Set<string> {
  if (node["Index Name"]) out.add(node["Index Name"]);
  for (const child of node.Plans ?? []) indexesOf(child, out);
  return out;
}

/** Runs each query once to warm the cache, then EXPLAIN (ANALYZE, BUFFERS); writes the text plans to `file`. */
export async function explainPages(client: pg.Client, orgSlug: string, officerEmail: string, file: string): Promise<PlanSummary[]> {
  const x = await ids(client, orgSlug, officerEmail);
  const out: PlanSummary[] = [];
  for (const [name, sql, values] of queries(x)) {
    await client.query(sql, values);
    const json = (await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, values)).rows[0]!["QUERY PLAN"][0];
    const text = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values)).rows.map((r) => r["QUERY PLAN"]).join("\n");
    const plan = json.Plan;
    out.push({
      name, indexes: [...indexesOf(plan)], rows: plan["Actual Rows"], ms: Math.round(json["Execution Time"] * 1000) / 1000,
      buffers: (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0), plan: `-- ${name}\n${sql}\n${text}\n`,
    });
  }
  writeFileSync(file, out.map((p) => p.plan).join("\n"));
  return out;
}

export function planTable(plans: PlanSummary[]): string {
  const lines = plans.map((p) => [p.name, p.indexes.join(", ") || "(no index: sequential scan)", String(p.rows), p.ms.toFixed(3), String(p.buffers)]);
  const head = ["query", "indexes used", "rows", "ms", "buffers"];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n");
}
