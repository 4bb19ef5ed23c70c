// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the measured pages, at the bench's scale: the SQL
// the app sends for listPosts (posts list), the statements of listReviewQueuePage (review queue: all its orgs at once, findings for the page shown),
// one post's page, the overview's counts and the org cards' waiting counts, written out by hand with the bench users' real ids. Each plan is kept
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
  /** The first page's (50 soonest scheduled): the findings are read for these only, with their orgs. */
  pageRevisionIds: string[];
  pageOrgIds: string[];
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
  const queue = await one<{ revisionId: string; orgId: string }>(
    `SELECT r.id::text AS "revisionId", p."orgId"::text AS "orgId" FROM "Post" p JOIN "PostRevision" r ON r."postId" = p.id AND r.number = p."currentRevision"
     WHERE p."orgId" = ANY($1::uuid[]) AND p.state = 'IN_REVIEW' ORDER BY p."scheduledAt" NULLS LAST`, [orgIds]);
  return {
    orgId: org!.id, orgIds, officerId: officer!.id, postIds, review: review ?? null,
    pageRevisionIds: queue.slice(0, 50).map((q) => q.revisionId), pageOrgIds: queue.slice(0, 50).map((q) => q.orgId),
  };
}

function queries(x: Ids): [string, string, unknown[]][] {
  const r = x.review ?? { postId: x.postIds[0]!, revisionId: "00000000-0000-0000-0000-000000000000", number: 1 };
  // The review queue reads all its orgs at once (approvals/list-review-queue.ts): three statements for
  // the whole queue, one for the page's findings.
  return [
    // The post list (posts/list-posts.ts): one statement, the total joined to the newest 50 with their verdicts.
    ...(["", `AND p.state = 'PUBLISHED'`] as const).map((filter): [string, string, unknown[]] => [
      `posts list: total + newest 50${filter ? " published" : ""}`,
      `WITH page AS (
        SELECT p.id, p."orgId", p."authorId", p.title, p.state, p.channels::text[], p."scheduledAt", p."currentRevision", p."createdAt", p."updatedAt",
          (SELECT j.verdict FROM "ScanJob" j WHERE j."orgId" = $1::uuid AND j."postId" = p.id AND j.status = 'SUCCEEDED' ORDER BY j."finishedAt" DESC NULLS LAST LIMIT 1) AS verdict
        FROM "Post" p WHERE p."orgId" = $1::uuid ${filter} ORDER BY p."updatedAt" DESC, p.id DESC LIMIT 50 OFFSET 0
      )
      SELECT t.total, page.* FROM (SELECT count(*)::int AS total FROM "Post" p WHERE p."orgId" = $1::uuid ${filter}) t LEFT JOIN page ON true`,
      [x.orgId],
    ]),
    ["review: the reviewer's orgs", `SELECT m."orgId"::text, m.role::text, o.slug, o.name FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = $1::uuid`, [x.officerId]],
    // The queue's posts with their current revision, scan, author and live approvals: one statement for its 10 orgs.
    ["review: posts in review (10 orgs)", `SELECT p.id, p."orgId", p."authorId", u.name, p.title, p.channels::text[], p."scheduledAt", p."currentRevision",
        r.id, r."createdAt", r."mediaIds"[1]::text, j.verdict, j.faces, j."finishedAt",
        COALESCE((SELECT json_agg(json_build_object('step', a.step, 'approverId', a."approverId", 'clientApproverId', a."clientApproverId")) FROM "Approval" a
          WHERE a."orgId" = p."orgId" AND a."postId" = p.id AND a."revisionId" = r.id AND a."voidedAt" IS NULL AND a.decision = 'APPROVE'), '[]'::json)
      FROM "Post" p JOIN "PostRevision" r ON r."postId" = p.id AND r.number = p."currentRevision" AND r."orgId" = p."orgId"
      LEFT JOIN "ScanJob" j ON j."revisionId" = r.id AND j."orgId" = p."orgId" LEFT JOIN "User" u ON u.id = p."authorId"
      WHERE p."orgId" = ANY($1::uuid[]) AND p.state = 'IN_REVIEW' AND p."authorId" <> $2::uuid ORDER BY p."scheduledAt" ASC NULLS LAST, p.id`, [x.orgIds, x.officerId]],
    ["review: policies and members", `SELECT o.id, (SELECT json_build_object('steps', ap.steps) FROM "ApprovalPolicy" ap WHERE ap."orgId" = o.id),
        COALESCE((SELECT json_agg(json_build_object('userId', m."userId", 'role', m.role)) FROM "Membership" m WHERE m."orgId" = o.id), '[]'::json)
      FROM unnest($1::uuid[]) AS o(id)`, [x.orgIds]],
    // The findings of the page shown only (listReviewQueuePage): 50 revisions, counts by type and the one to read first.
    ["review: findings of the page", `SELECT r.id,
        (SELECT json_object_agg(c.type, c.n) FROM (SELECT f.type, count(*)::int AS n FROM "Finding" f WHERE f."orgId" = r.org_id AND f."revisionId" = r.id AND f."dismissedAt" IS NULL GROUP BY f.type) c),
        (SELECT json_build_object('type', f.type, 'blocking', f.blocking) FROM "Finding" f WHERE f."orgId" = r.org_id AND f."revisionId" = r.id AND f."dismissedAt" IS NULL ORDER BY f.blocking DESC, f.score DESC, f.id LIMIT 1)
      FROM unnest($1::uuid[], $2::uuid[]) AS r(id, org_id)`, [x.pageRevisionIds, x.pageOrgIds]],
    ["one post: current revision", `SELECT * FROM "PostRevision" WHERE "orgId" = $1 AND "postId" = $2 AND number = $3 LIMIT 1`, [x.orgId, r.postId, r.number]],
    ["one post: findings of the revision", `SELECT * FROM "Finding" WHERE "orgId" = $1 AND "revisionId" = $2`, [x.orgId, r.revisionId]],
    // The agency overview's counts of its 10 clients: one statement (dashboards/count-client-figures.ts).
    ["overview: counts of 10 clients", `SELECT o.id,
        (SELECT count(*)::int FROM "Post" WHERE "orgId" = o.id AND state = 'IN_REVIEW'),
        (SELECT count(*)::int FROM "Post" WHERE "orgId" = o.id AND state = 'IN_REVIEW' AND ("updatedAt" < now() - interval '48 hours' OR "scheduledAt" < now() + interval '24 hours')),
        (SELECT count(*)::int FROM "SocialComment" WHERE "orgId" = o.id AND "hiddenAt" IS NOT NULL AND "deletedAt" IS NULL),
        (SELECT count(*)::int FROM "Consent" WHERE "orgId" = o.id AND status = 'ACTIVE' AND "expiresAt" > now() AND "expiresAt" <= now() + interval '30 days')
      FROM unnest($1::uuid[]) AS o(id)`, [x.orgIds]],
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
