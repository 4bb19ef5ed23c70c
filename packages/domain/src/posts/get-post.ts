import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import { priorOutcomesSchema } from "../scans/prior-findings";

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
  const [earlierFindings, findingOverrides] = await Promise.all([
    earlierFindingsOf(ctx, scan?.priorOutcomes),
    // Each approval's per-finding override reasons (issue 10), shown with the approval.
    ctx.db.findingOverride.findMany({ where: { approvalId: { in: approvals.map((a) => a.id) } }, orderBy: { createdAt: "asc" } }),
  ]);
  const people = await ctx.db.user.findMany({
    where: { id: { in: [post.authorId, ...approvals.flatMap((a) => (a.approverId ? [a.approverId] : [])), ...comments.map((c) => c.authorId), ...findings.flatMap((f) => (f.dismissedById ? [f.dismissedById] : []))] } },
    select: { id: true, name: true },
  });
  // A client approver's decision (issue 16) names them, marked as the client's.
  const clientIds = [...new Set(approvals.flatMap((a) => (a.clientApproverId ? [a.clientApproverId] : [])))];
  const clients = clientIds.length ? await ctx.db.clientApprover.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } }) : [];
  const policy = await ctx.db.$transaction((tx) => loadPolicy(tx, ctx.org.id));
  const step = post.state === "IN_REVIEW" ? await ctx.db.$transaction((tx) => currentStep(tx, ctx.org.id, policy, post, revision.id)) : null;
  await auditView(ctx, post.id, post.currentRevision);
  const names = Object.fromEntries([...people.map((p) => [p.id, p.name]), ...clients.map((c) => [c.id, `${c.name} (client approver)`])]) as Record<string, string>;
  return {
    post,
    revision,
    revisions,
    scan,
    findings,
    earlierFindings,
    media: revision.mediaIds.map((id) => media.find((m) => m.id === id)).filter((m) => !!m),
    approvals,
    findingOverrides,
    comments,
    people: names,
    // Every dismissal stays visible to reviewers: who cleared which finding, when and why.
    dismissals: findings.flatMap((f) =>
      f.dismissedAt ? [{ findingId: f.id, type: f.type, by: (f.dismissedById && names[f.dismissedById]) || "a former member", at: f.dismissedAt, reasonCode: f.dismissReasonCode, reason: f.dismissReason ?? "" }] : [],
    ),
    policy: { steps: policy.steps.length, currentStep: step ? step.index + 1 : null, eligible: step?.eligible ?? [], overridableDirectIdentifiers: policy.overridableDirectIdentifiers },
  };
}
export type PostDetail = Awaited<ReturnType<typeof getPost>>;

/** The earlier findings of a redacted image with what the rescan made of each (type and text from the earlier finding). */
async function earlierFindingsOf(ctx: TenantContext, recorded: unknown) {
  const parsed = priorOutcomesSchema.safeParse(recorded ?? []);
  const outcomes = parsed.success ? parsed.data : [];
  if (!outcomes.length) return [];
  const prior = await ctx.db.finding.findMany({ where: { id: { in: outcomes.map((o) => o.priorFindingId) } } });
  return outcomes.flatMap((o) => {
    const f = prior.find((p) => p.id === o.priorFindingId);
    return f ? [{ id: f.id, mediaId: o.mediaId, outcome: o.outcome, type: f.type, text: f.text, blocking: f.blocking }] : [];
  });
}

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
