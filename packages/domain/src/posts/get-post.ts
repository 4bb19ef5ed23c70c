import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { currentStep, loadPolicy } from "../approvals/approval-policy";

/**
 * Everything the post page shows: the current revision, all revisions (for the diff), its latest
 * scan with findings, the approvals and comments. The post may hold PHI, so the read is audited.
 */
export async function getPost(ctx: TenantContext, postId: string) {
  assertCan(ctx, "posts.view");
  if (!/^[0-9a-f-]{36}$/i.test(postId)) throw AppError.notFound("Post not found");
  const post = await ctx.db.post.findFirst({ where: { id: postId } });
  if (!post) throw AppError.notFound("Post not found");
  const [revisions, approvals, comments] = await Promise.all([
    ctx.db.postRevision.findMany({ where: { postId }, orderBy: { number: "asc" } }),
    ctx.db.approval.findMany({ where: { postId }, orderBy: { createdAt: "asc" } }),
    ctx.db.postComment.findMany({ where: { postId }, orderBy: { createdAt: "asc" } }),
  ]);
  const revision = revisions.find((r) => r.number === post.currentRevision)!;
  const [scan, findings, media] = await Promise.all([
    ctx.db.scanJob.findFirst({ where: { revisionId: revision.id } }),
    ctx.db.finding.findMany({ where: { revisionId: revision.id }, orderBy: [{ source: "asc" }, { start: "asc" }] }),
    ctx.db.media.findMany({ where: { id: { in: revision.mediaIds } } }),
  ]);
  const people = await ctx.db.user.findMany({
    where: { id: { in: [post.authorId, ...approvals.map((a) => a.approverId), ...comments.map((c) => c.authorId)] } },
    select: { id: true, name: true },
  });
  const policy = await ctx.db.$transaction((tx) => loadPolicy(tx, ctx.org.id));
  const step = post.state === "IN_REVIEW" ? await ctx.db.$transaction((tx) => currentStep(tx, ctx.org.id, policy, post, revision.id)) : null;
  await auditView(ctx, post.id, post.currentRevision);
  return {
    post,
    revision,
    revisions,
    scan,
    findings,
    media: revision.mediaIds.map((id) => media.find((m) => m.id === id)).filter((m) => !!m),
    approvals,
    comments,
    people: Object.fromEntries(people.map((p) => [p.id, p.name])) as Record<string, string>,
    policy: { steps: policy.steps.length, currentStep: step ? step.index + 1 : null, eligible: step?.eligible ?? [] },
  };
}
export type PostDetail = Awaited<ReturnType<typeof getPost>>;

// A page that refreshes while a scan runs would otherwise log a view every second or two: one
// event per person, post and revision within VIEW_WINDOW_MS keeps the trail readable.
const VIEW_WINDOW_MS = 10 * 60_000;

async function auditView(ctx: TenantContext, postId: string, revision: number) {
  const recent = await ctx.db.auditEvent.findFirst({
    where: { actorId: ctx.user.id, action: "post.viewed", targetId: postId, createdAt: { gte: new Date(Date.now() - VIEW_WINDOW_MS) } },
    orderBy: { seq: "desc" },
    select: { metadata: true },
  });
  if ((recent?.metadata as { revision?: number } | undefined)?.revision === revision) return;
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "post.viewed", targetType: "Post", targetId: postId, metadata: { revision }, request: ctx.request }),
  );
}
