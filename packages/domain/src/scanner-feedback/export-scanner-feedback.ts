import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { channelOfSource, sourceText } from "./feedback-text";
import { toEvalRecord, toJsonl, type EvalRecord, type LabelledText } from "./feedback-jsonl";

/**
 * The org's standing labels as labelled JSONL in the eval corpus's schema: one record per labelled
 * text (a revision's main text, or its variant for one channel), whose spans are the scanner's
 * findings on it minus those marked NOT_PHI, plus the MISSED_PHI spans (feedback-jsonl.ts). The
 * records hold post text, so the export is audited as a read of PHI: who, how many records.
 */
export async function exportScannerFeedback(ctx: TenantContext) {
  assertCan(ctx, "scanner.feedbackExport");
  return ctx.db.$transaction(async (tx) => {
    const orgId = ctx.org.id;
    const labels = await tx.scannerFeedback.findMany({
      where: { orgId, withdrawnAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { revisionId: true, source: true, kind: true, findingId: true, start: true, end: true, type: true },
    });
    const revisionIds = [...new Set(labels.map((l) => l.revisionId))];
    const revisions = await tx.postRevision.findMany({ where: { orgId, id: { in: revisionIds } }, select: { id: true, postId: true, text: true, channelTexts: true } });
    const posts = await tx.post.findMany({ where: { orgId, id: { in: [...new Set(revisions.map((r) => r.postId))] } }, select: { id: true, channels: true } });
    const findings = await tx.finding.findMany({
      where: { orgId, revisionId: { in: revisionIds }, source: { startsWith: "TEXT" }, start: { not: null }, end: { not: null } },
      select: { id: true, revisionId: true, source: true, start: true, end: true, type: true },
    });
    const records: EvalRecord[] = [];
    let labelCount = 0;
    const texts = new Map<string, typeof labels>();
    for (const l of labels) texts.set(`${l.revisionId}|${l.source}`, [...(texts.get(`${l.revisionId}|${l.source}`) ?? []), l]);
    for (const [key, ofText] of texts) {
      const [revisionId, source] = key.split("|") as [string, string];
      const revision = revisions.find((r) => r.id === revisionId);
      const post = posts.find((p) => p.id === revision?.postId);
      const text = revision ? sourceText(revision, source) : null;
      if (!revision || !post || text === null) continue;
      const channel = channelOfSource(source);
      const labelled: LabelledText = {
        id: channel ? `${revisionId}:${channel}` : revisionId,
        text,
        source,
        postChannels: post.channels,
        variantChannels: Object.keys((revision.channelTexts ?? {}) as Record<string, unknown>),
        findings: findings.filter((f) => f.revisionId === revisionId && f.source === source).map((f) => ({ id: f.id, start: f.start!, end: f.end!, type: f.type })),
        labels: ofText,
      };
      records.push(toEvalRecord(labelled));
      labelCount += ofText.length;
    }
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "scanner_feedback.exported", targetType: "Organization", targetId: orgId,
      metadata: { records: records.length, labels: labelCount, format: "jsonl" }, request: ctx.request,
    });
    return { jsonl: toJsonl(records), records: records.length, labels: labelCount };
  });
}
