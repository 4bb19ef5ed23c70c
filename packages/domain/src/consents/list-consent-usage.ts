import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { consentIdSchema, findConsent } from "./consent-records";
import { removalChecklistSchema } from "./complete-removal-task";

/**
 * Where a consent is relied on: the posts whose images are linked to it (through MediaPerson and
 * the revisions that show those images) and the removal tasks its withdrawal created. A post whose
 * current revision no longer shows a linked image is still listed, marked as such: it used the
 * consent once, and a revocation no longer affects it. Ids, titles and states only, no patient data.
 */
export async function listConsentUsage(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.view");
  const { consentId } = parseInput(consentIdSchema, input);
  const orgId = ctx.org.id;
  await findConsent(ctx.db, orgId, consentId);

  const links = await ctx.db.mediaPerson.findMany({ where: { orgId, consentId }, select: { mediaId: true } });
  const mediaIds = [...new Set(links.map((l) => l.mediaId))];
  const revisions = mediaIds.length
    ? await ctx.db.postRevision.findMany({ where: { orgId, mediaIds: { hasSome: mediaIds } }, select: { postId: true, number: true } })
    : [];
  const tasks = await ctx.db.removalTask.findMany({ where: { orgId, consentId }, orderBy: { createdAt: "desc" } });
  const postIds = [...new Set([...revisions.map((r) => r.postId), ...tasks.map((t) => t.postId)])];
  const posts = postIds.length
    ? await ctx.db.post.findMany({ where: { orgId, id: { in: postIds } }, select: { id: true, title: true, state: true, channels: true, currentRevision: true, updatedAt: true }, orderBy: { updatedAt: "desc" } })
    : [];
  const titles = new Map(posts.map((p) => [p.id, p.title]));
  const assignees = await ctx.db.user.findMany({ where: { id: { in: [...new Set(tasks.map((t) => t.assigneeId))] } }, select: { id: true, name: true } });
  const nameOf = new Map(assignees.map((u) => [u.id, u.name]));

  return {
    posts: posts
      .filter((p) => revisions.some((r) => r.postId === p.id))
      .map((p) => {
        const numbers = revisions.filter((r) => r.postId === p.id).map((r) => r.number).sort((x, y) => x - y);
        return {
          id: p.id, title: p.title, state: p.state, channels: p.channels, currentRevision: p.currentRevision,
          inCurrentRevision: numbers.includes(p.currentRevision), revisions: numbers,
        };
      }),
    removalTasks: tasks.map((t) => {
      const items = removalChecklistSchema.safeParse(t.checklist);
      const checklist = items.success ? items.data : [];
      return {
        id: t.id, postId: t.postId, postTitle: titles.get(t.postId) ?? null, reason: t.reason,
        assignee: { id: t.assigneeId, name: nameOf.get(t.assigneeId) ?? null },
        createdAt: t.createdAt, completedAt: t.completedAt, open: t.completedAt === null,
        itemsDone: checklist.filter((i) => i.doneAt).length, itemsTotal: checklist.length,
      };
    }),
  };
}
export type ConsentUsage = Awaited<ReturnType<typeof listConsentUsage>>;
