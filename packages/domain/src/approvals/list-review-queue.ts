import { acrossOrgs, forOrgs, ORG_IDS, pgDirect, rawSql, type Channel, type Role } from "@vetted/db";
import { z } from "zod";
import { roleCan } from "../access/permissions";
import { pageOf } from "../paging";
import { parseInput } from "../validate";
import { channelSchema } from "../posts/post-schemas";
import { policyFrom, stepFrom } from "./approval-policy";

export const reviewQueueSchema = z.object({
  org: z.string().max(64).optional(),
  // An enum, not any string: Prisma refuses an unknown channel value with a 500 otherwise.
  channel: channelSchema.optional(),
  risk: z.enum(["block", "review", "allow"]).optional(),
  dueWithinHours: z.coerce.number().int().min(1).max(24 * 60).optional(),
});

type Filter = z.infer<typeof reviewQueueSchema>;

/**
 * A compliance officer's queue across all client orgs they review: posts in review whose current
 * policy step they may decide, soonest scheduled first, with a summary of the findings. A fixed
 * number of statements whatever the queue's length (each reads every org and post of the queue at
 * once; at an agency's scale one query per post made the page take seconds, see bench:pages).
 */
export async function listReviewQueue(userId: string, input: unknown = {}) {
  return withFindings(await queueEntries(userId, parseInput(reviewQueueSchema, input)));
}
export type ReviewQueueItem = Awaited<ReturnType<typeof listReviewQueue>>[number];

/**
 * One page of the queue (1-based, clamped to the pages there are) and its total: the order and the
 * eligibility are the whole queue's, the findings are read for the page's posts only.
 */
export async function listReviewQueuePage(userId: string, input: unknown, asked: { page?: string | number | string[]; size: number }) {
  const entries = await queueEntries(userId, parseInput(reviewQueueSchema, input));
  const shown = pageOf(entries, asked.page, asked.size);
  return { ...shown, total: entries.length, items: await withFindings(shown.items) };
}

/**
 * Where the j/n shortcut of a post page goes: the post after this one in the reviewer's whole queue
 * (the first when this one is not in it, say just decided), null at the end. Order and eligibility
 * only: no finding is read.
 */
export async function nextInReviewQueue(userId: string, postId: string) {
  const entries = await queueEntries(userId, {});
  const at = entries.findIndex((e) => e.post.id === postId);
  const next = entries[at + 1] ?? (at === -1 ? entries[0] : undefined);
  return next ? { orgSlug: next.org.slug, postId: next.post.id } : null;
}

interface ReviewerOrg {
  orgId: string;
  role: Role;
  slug: string;
  name: string;
}

interface QueuePostRow {
  id: string;
  orgId: string;
  authorId: string;
  author: string | null;
  title: string;
  channels: Channel[];
  scheduledAt: Date | null;
  revision: number;
  revisionId: string;
  revisionCreatedAt: Date;
  thumbnailMediaId: string | null;
  verdict: string | null;
  faces: number | null;
  finishedAt: Date | null;
  approvals: { step: number; approverId: string | null; clientApproverId: string | null }[];
}

interface OrgRulesRow {
  orgId: string;
  policy: { steps: unknown; blockingTypes: string[]; overridableDirectIdentifiers: boolean } | null;
  members: { userId: string; role: Role }[];
}

/**
 * The queue's posts in order (soonest scheduled first, then by id: pages stay stable), with what the list
 * shows of each but its findings. Three statements on the pg pool whatever the queue's length: the
 * reviewer's own memberships; then, for the orgs they review (forOrgs), the posts in review with their
 * current revision, scan, author and live approvals, and each org's policy and members. As Prisma reads
 * (one query per table) the page spent a third of its CPU mapping rows (bench:pages).
 */
async function queueEntries(userId: string, f: Filter) {
  const memberships = await rawSql(pgDirect(), acrossOrgs("a reviewer's own memberships in every org: the orgs of their queue")).query<ReviewerOrg[]>`
    SELECT m."orgId"::text AS "orgId", m.role::text AS role, o.slug, o.name
    FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = ${userId}::uuid`;
  const orgs = new Map(memberships.filter((m) => roleCan(m.role, "posts.review") && (!f.org || m.slug === f.org)).map((m) => [m.orgId, m]));
  if (orgs.size === 0) return [];
  const scope = forOrgs([...orgs.keys()]);
  const dueBy = f.dueWithinHours ? new Date(Date.now() + f.dueWithinHours * 3_600_000) : null;
  const [posts, rules] = await Promise.all([
    rawSql(pgDirect(), scope).query<QueuePostRow[]>`
      SELECT p.id::text AS id, p."orgId"::text AS "orgId", p."authorId"::text AS "authorId", u.name AS author, p.title,
        p.channels::text[] AS channels, p."scheduledAt", p."currentRevision" AS revision,
        r.id::text AS "revisionId", r."createdAt" AS "revisionCreatedAt", r."mediaIds"[1]::text AS "thumbnailMediaId",
        j.verdict, j.faces, j."finishedAt",
        COALESCE((
          SELECT json_agg(json_build_object('step', a.step, 'approverId', a."approverId", 'clientApproverId', a."clientApproverId"))
          FROM "Approval" a
          WHERE a."orgId" = p."orgId" AND a."postId" = p.id AND a."revisionId" = r.id AND a."voidedAt" IS NULL AND a.decision = 'APPROVE'
        ), '[]'::json) AS approvals
      FROM "Post" p
      JOIN "PostRevision" r ON r."postId" = p.id AND r.number = p."currentRevision" AND r."orgId" = p."orgId"
      LEFT JOIN "ScanJob" j ON j."revisionId" = r.id AND j."orgId" = p."orgId"
      LEFT JOIN "User" u ON u.id = p."authorId"
      WHERE p."orgId" = ANY(${ORG_IDS}::uuid[]) AND p.state = 'IN_REVIEW' AND p."authorId" <> ${userId}::uuid
        AND (${f.channel ?? null}::text IS NULL OR ${f.channel ?? null}::text = ANY(p.channels::text[]))
        AND (${dueBy}::timestamptz IS NULL OR p."scheduledAt" <= ${dueBy}::timestamptz)
      ORDER BY p."scheduledAt" ASC NULLS LAST, p.id`,
    rawSql(pgDirect(), scope).query<OrgRulesRow[]>`
      SELECT o.id::text AS "orgId",
        (SELECT json_build_object('steps', ap.steps, 'blockingTypes', ap."blockingTypes", 'overridableDirectIdentifiers', ap."overridableDirectIdentifiers")
          FROM "ApprovalPolicy" ap WHERE ap."orgId" = o.id) AS policy,
        COALESCE((SELECT json_agg(json_build_object('userId', m."userId", 'role', m.role)) FROM "Membership" m WHERE m."orgId" = o.id), '[]'::json) AS members
      FROM unnest(${ORG_IDS}::uuid[]) AS o(id)`,
  ]);
  const rulesOf = new Map(rules.map((r) => [r.orgId, { policy: policyFrom(r.policy), members: r.members }]));

  const entries = [];
  for (const post of posts) {
    const org = orgs.get(post.orgId)!;
    const { policy, members } = rulesOf.get(post.orgId)!;
    const step = stepFrom(policy, post.authorId, post.approvals, members);
    if (!step?.eligible.includes(userId) || step.approvedBy.has(userId)) continue;
    if (f.risk && post.verdict !== f.risk) continue;
    entries.push({
      orgId: post.orgId,
      revisionId: post.revisionId,
      org: { slug: org.slug, name: org.name },
      post: { id: post.id, title: post.title, channels: post.channels, scheduledAt: post.scheduledAt, revision: post.revision },
      author: post.author ?? "a former member",
      /** Since when it has been waiting: the end of the scan of the current revision (or its submission). */
      waitingSince: post.finishedAt ?? post.revisionCreatedAt,
      thumbnailMediaId: post.thumbnailMediaId,
      step: step.index + 1,
      verdict: post.verdict,
      faces: post.faces ?? 0,
    });
  }
  return entries;
}

type Entry = Awaited<ReturnType<typeof queueEntries>>[number];

interface FindingsRow {
  revisionId: string;
  findings: Record<string, number>;
  topFinding: { type: string; blocking: boolean } | null;
}

/**
 * The entries with their undismissed findings, one statement: counts by type and the one to read first
 * (blocking before not, then the scanner's confidence). Its type only: the text is PHI and is shown (and
 * audited) on the post page.
 */
async function withFindings(entries: Entry[]) {
  if (entries.length === 0) return [];
  const rows = await rawSql(pgDirect(), forOrgs(entries.map((e) => e.orgId))).query<FindingsRow[]>`
    SELECT r.id::text AS "revisionId",
      COALESCE((
        SELECT json_object_agg(c.type, c.n) FROM (
          SELECT f.type, count(*)::int AS n FROM "Finding" f
          WHERE f."orgId" = r.org_id AND f."revisionId" = r.id AND f."dismissedAt" IS NULL GROUP BY f.type
        ) c
      ), '{}'::json) AS findings,
      (SELECT json_build_object('type', f.type, 'blocking', f.blocking) FROM "Finding" f
        WHERE f."orgId" = r.org_id AND f."revisionId" = r.id AND f."dismissedAt" IS NULL
        ORDER BY f.blocking DESC, f.score DESC, f.id LIMIT 1) AS "topFinding"
    FROM unnest(${entries.map((e) => e.revisionId)}::uuid[], ${entries.map((e) => e.orgId)}::uuid[]) AS r(id, org_id)
    WHERE r.org_id = ANY(${ORG_IDS}::uuid[])`;
  const byRevision = new Map(rows.map((r) => [r.revisionId, r]));
  return entries.map(({ orgId: _org, revisionId, ...entry }) => ({
    ...entry,
    topFinding: byRevision.get(revisionId)?.topFinding ?? null,
    findings: byRevision.get(revisionId)?.findings ?? ({} as Record<string, number>),
  }));
}
