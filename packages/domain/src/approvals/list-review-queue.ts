import { ANY_ORG, db, type Channel } from "@vetted/db";
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

const groupBy = <T, K>(items: T[], key: (t: T) => K) => {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
};

type Filter = z.infer<typeof reviewQueueSchema>;

/**
 * A compliance officer's queue across all client orgs they review: posts in review whose current
 * policy step they may decide, soonest scheduled first, with a summary of the findings. A fixed
 * number of queries whatever the queue's length (each reads every org and post of the queue at once;
 * at an agency's scale one query per post made the page take seconds, see bench:pages).
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

/** The queue's posts in order, with what the list shows of each but its findings. */
async function queueEntries(userId: string, f: Filter) {
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, select: { orgId: true, role: true, org: { select: { slug: true, name: true } } } });
  const orgs = memberships.filter((m) => roleCan(m.role, "posts.review") && (!f.org || m.org.slug === f.org));
  if (orgs.length === 0) return [];
  const orgIds = orgs.map((m) => m.orgId);
  const posts = await db().post.findMany({
    where: {
      orgId: { in: orgIds }, state: "IN_REVIEW", authorId: { not: userId },
      ...(f.channel ? { channels: { has: f.channel as Channel } } : {}),
      ...(f.dueWithinHours ? { scheduledAt: { lte: new Date(Date.now() + f.dueWithinHours * 3_600_000) } } : {}),
    },
    select: { id: true, orgId: true, authorId: true, title: true, channels: true, scheduledAt: true, currentRevision: true },
  });
  if (posts.length === 0) return [];
  const inOrgs = { orgId: { in: orgIds } };
  const [revisions, policies, members] = await Promise.all([
    db().postRevision.findMany({ where: { ...inOrgs, postId: { in: posts.map((p) => p.id) } }, select: { id: true, postId: true, number: true, createdAt: true, mediaIds: true } }),
    db().approvalPolicy.findMany({ where: inOrgs }),
    db().membership.findMany({ where: inOrgs, select: { orgId: true, userId: true, role: true } }),
  ]);
  const byPost = new Map(posts.map((p) => [p.id, p]));
  const current = new Map(revisions.filter((r) => r.number === byPost.get(r.postId)!.currentRevision).map((r) => [r.postId, r]));
  const revisionIds = [...current.values()].map((r) => r.id);
  const [approvals, scans, authors] = await Promise.all([
    // By post too: the (orgId, postId) index answers it (Approval has none on revisionId).
    db().approval.findMany({
      where: { ...inOrgs, postId: { in: posts.map((p) => p.id) }, revisionId: { in: revisionIds }, voidedAt: null, decision: "APPROVE" },
      select: { revisionId: true, step: true, approverId: true, clientApproverId: true },
    }),
    db().scanJob.findMany({ where: { ...inOrgs, revisionId: { in: revisionIds } }, select: { revisionId: true, verdict: true, faces: true, finishedAt: true } }),
    db().user.findMany({ where: { id: { in: [...new Set(posts.map((p) => p.authorId))] } }, select: { id: true, name: true } }),
  ]);
  const policyOf = new Map(orgIds.map((id) => [id, policyFrom(policies.find((p) => p.orgId === id) ?? null)]));
  const membersOf = groupBy(members, (m) => m.orgId);
  const approvalsOf = groupBy(approvals, (a) => a.revisionId);
  const scanOf = new Map(scans.map((s) => [s.revisionId, s]));
  const names = new Map(authors.map((a) => [a.id, a.name]));

  const entries = [];
  for (const m of orgs) {
    for (const post of posts.filter((p) => p.orgId === m.orgId)) {
      const revision = current.get(post.id);
      if (!revision) continue;
      const step = stepFrom(policyOf.get(m.orgId)!, post.authorId, approvalsOf.get(revision.id) ?? [], membersOf.get(m.orgId) ?? []);
      if (!step?.eligible.includes(userId) || step.approvedBy.has(userId)) continue;
      const scan = scanOf.get(revision.id);
      if (f.risk && scan?.verdict !== f.risk) continue;
      entries.push({
        orgId: m.orgId,
        revisionId: revision.id,
        org: { slug: m.org.slug, name: m.org.name },
        post: { id: post.id, title: post.title, channels: post.channels, scheduledAt: post.scheduledAt, revision: post.currentRevision },
        author: names.get(post.authorId) ?? "a former member",
        /** Since when it has been waiting: the end of the scan of the current revision (or its submission). */
        waitingSince: scan?.finishedAt ?? revision.createdAt,
        thumbnailMediaId: revision.mediaIds[0] ?? null,
        step: step.index + 1,
        verdict: scan?.verdict ?? null,
        faces: scan?.faces ?? 0,
      });
    }
  }
  const far = Number.MAX_SAFE_INTEGER;
  return entries.sort((a, b) => (a.post.scheduledAt?.getTime() ?? far) - (b.post.scheduledAt?.getTime() ?? far));
}

type Entry = Awaited<ReturnType<typeof queueEntries>>[number];

/** The entries with their undismissed findings: counts by type and the one to read first. */
async function withFindings(entries: Entry[]) {
  if (entries.length === 0) return [];
  const undismissed = { orgId: { in: [...new Set(entries.map((e) => e.orgId))] }, revisionId: { in: entries.map((e) => e.revisionId) }, dismissedAt: null };
  const [counts, ranked] = await Promise.all([
    db().finding.groupBy({ by: ["revisionId", "type"], where: undismissed, _count: { _all: true } }),
    // The finding to read first: blocking before not, then the scanner's confidence. Its type only:
    // the text is PHI and is shown (and audited) on the post page.
    db().finding.findMany({ where: undismissed, orderBy: [{ blocking: "desc" }, { score: "desc" }], select: { revisionId: true, type: true, blocking: true } }),
  ]);
  const countsOf = groupBy(counts, (c) => c.revisionId);
  const topOf = new Map<string, { type: string; blocking: boolean }>();
  for (const t of ranked) if (!topOf.has(t.revisionId)) topOf.set(t.revisionId, { type: t.type, blocking: t.blocking });
  return entries.map(({ orgId: _org, revisionId, ...entry }) => ({
    ...entry,
    topFinding: topOf.get(revisionId) ?? null,
    findings: Object.fromEntries((countsOf.get(revisionId) ?? []).map((g) => [g.type, g._count._all])) as Record<string, number>,
  }));
}
