import { ANY_ORG, db, type Channel } from "@vetted/db";
import { z } from "zod";
import { roleCan } from "../access/permissions";
import { parseInput } from "../validate";
import { channelSchema } from "../posts/post-schemas";
import { currentStep, loadPolicy } from "./approval-policy";

export const reviewQueueSchema = z.object({
  org: z.string().max(64).optional(),
  // An enum, not any string: Prisma refuses an unknown channel value with a 500 otherwise.
  channel: channelSchema.optional(),
  risk: z.enum(["block", "review", "allow"]).optional(),
  dueWithinHours: z.coerce.number().int().min(1).max(24 * 60).optional(),
});

/**
 * A compliance officer's queue across all client orgs they review: posts in review whose current
 * policy step they may decide, soonest scheduled first, with a summary of the findings.
 */
export async function listReviewQueue(userId: string, input: unknown = {}) {
  const f = parseInput(reviewQueueSchema, input);
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, include: { org: true } });
  const orgs = memberships.filter((m) => roleCan(m.role, "posts.review") && (!f.org || m.org.slug === f.org));
  const items = [];
  for (const m of orgs) {
    const posts = await db().post.findMany({
      where: {
        orgId: m.orgId, state: "IN_REVIEW", authorId: { not: userId },
        ...(f.channel ? { channels: { has: f.channel as Channel } } : {}),
        ...(f.dueWithinHours ? { scheduledAt: { lte: new Date(Date.now() + f.dueWithinHours * 3_600_000) } } : {}),
      },
    });
    if (posts.length === 0) continue;
    const policy = await db().$transaction((tx) => loadPolicy(tx, m.orgId));
    for (const post of posts) {
      const revision = await db().postRevision.findFirst({ where: { orgId: m.orgId, postId: post.id, number: post.currentRevision } });
      if (!revision) continue;
      const step = await db().$transaction((tx) => currentStep(tx, m.orgId, policy, post, revision.id));
      if (!step?.eligible.includes(userId) || step.approvedBy.has(userId)) continue;
      const [scan, findings, top] = await Promise.all([
        db().scanJob.findFirst({ where: { orgId: m.orgId, revisionId: revision.id }, select: { verdict: true, faces: true, finishedAt: true } }),
        db().finding.groupBy({ by: ["type"], where: { orgId: m.orgId, revisionId: revision.id, dismissedAt: null }, _count: { _all: true } }),
        // The finding to read first: blocking before not, then the scanner's confidence. Its type only:
        // the text is PHI and is shown (and audited) on the post page.
        db().finding.findFirst({ where: { orgId: m.orgId, revisionId: revision.id, dismissedAt: null }, orderBy: [{ blocking: "desc" }, { score: "desc" }], select: { type: true, blocking: true } }),
      ]);
      if (f.risk && scan?.verdict !== f.risk) continue;
      items.push({
        org: { slug: m.org.slug, name: m.org.name },
        post: { id: post.id, title: post.title, channels: post.channels, scheduledAt: post.scheduledAt, revision: post.currentRevision },
        authorId: post.authorId,
        /** Since when it has been waiting: the end of the scan of the current revision (or its submission). */
        waitingSince: scan?.finishedAt ?? revision.createdAt,
        thumbnailMediaId: revision.mediaIds[0] ?? null,
        topFinding: top ? { type: top.type, blocking: top.blocking } : null,
        step: step.index + 1,
        verdict: scan?.verdict ?? null,
        faces: scan?.faces ?? 0,
        findings: Object.fromEntries(findings.map((g) => [g.type, g._count._all])) as Record<string, number>,
      });
    }
  }
  const authors = await db().user.findMany({ where: { id: { in: [...new Set(items.map((i) => i.authorId))] } }, select: { id: true, name: true } });
  const names = new Map(authors.map((a) => [a.id, a.name]));
  const far = Number.MAX_SAFE_INTEGER;
  return items.map(({ authorId, ...i }) => ({ ...i, author: names.get(authorId) ?? "a former member" })).sort((a, b) => (a.post.scheduledAt?.getTime() ?? far) - (b.post.scheduledAt?.getTime() ?? far));
}
