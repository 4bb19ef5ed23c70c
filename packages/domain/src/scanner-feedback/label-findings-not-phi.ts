import type { Finding, Tx } from "@vetted/db";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { auditLabels, givesFeedback, isAuthor, lockRevisionLabels, NOT_YOUR_OWN, type FeedbackVia } from "./feedback-guard";
import { isPhiType, isTextSource } from "./feedback-text";

type LabellableFinding = Pick<Finding, "id" | "postId" | "revisionId" | "source" | "start" | "end" | "type">;

/** Why a finding cannot carry a NOT_PHI label, or null. */
function problemOf(f: LabellableFinding): string | null {
  if (!isTextSource(f.source) || f.start === null || f.end === null) return "Only findings in a post's text can be labelled; image findings are not training data here";
  if (!isPhiType(f.type)) return `The scanner's ${f.type} findings are not labelled`;
  return null;
}

/**
 * Records NOT_PHI labels for findings (in the caller's transaction) and audits each. `strict` (the
 * officer's own "Not PHI" action) refuses what cannot be labelled; otherwise (a dismissal or an
 * override that says "not PHI") such findings are skipped, so the decision itself still goes through.
 */
export async function labelFindingsNotPhi(tx: Tx, ctx: TenantContext, findings: LabellableFinding[], via: FeedbackVia, strict = false) {
  if (!givesFeedback(ctx) || findings.length === 0) {
    if (strict) throw new AppError("FORBIDDEN", "You do not have permission to do that");
    return [];
  }
  const wanted: LabellableFinding[] = [];
  for (const f of findings) {
    const problem = problemOf(f);
    if (problem && strict) throw new AppError("CONFLICT", problem, { findingId: [problem] });
    if (!problem) wanted.push(f);
  }
  const revisionIds = [...new Set(wanted.map((f) => f.revisionId))];
  for (const id of revisionIds.sort()) await lockRevisionLabels(tx, id);
  const revisions = await tx.postRevision.findMany({ where: { orgId: ctx.org.id, id: { in: revisionIds } }, select: { id: true, postId: true, createdById: true } });
  const posts = await tx.post.findMany({ where: { orgId: ctx.org.id, id: { in: revisions.map((r) => r.postId) } }, select: { id: true, authorId: true } });
  const standing = await tx.scannerFeedback.findMany({
    where: { orgId: ctx.org.id, kind: "NOT_PHI", withdrawnAt: null, findingId: { in: wanted.map((f) => f.id) } }, select: { findingId: true },
  });
  const labelled = new Set(standing.map((s) => s.findingId));
  const rows = [];
  for (const f of wanted) {
    const revision = revisions.find((r) => r.id === f.revisionId);
    const post = posts.find((p) => p.id === revision?.postId);
    if (!revision || !post) continue;
    if (isAuthor(ctx, post, revision)) {
      if (strict) throw new AppError("FORBIDDEN", NOT_YOUR_OWN);
      continue;
    }
    if (labelled.has(f.id)) {
      if (strict) throw new AppError("CONFLICT", "This finding is already labelled not PHI", { findingId: ["Already labelled not PHI"] });
      continue;
    }
    labelled.add(f.id);
    rows.push(await tx.scannerFeedback.create({
      data: { orgId: ctx.org.id, postId: f.postId, revisionId: f.revisionId, kind: "NOT_PHI", findingId: f.id, source: f.source, start: f.start!, end: f.end!, type: f.type, createdById: ctx.user.id },
    }));
  }
  await auditLabels(tx, ctx, rows, via);
  return rows;
}
