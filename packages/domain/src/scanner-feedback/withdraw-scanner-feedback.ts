import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { loadLabellableRevision } from "./feedback-guard";

export const withdrawScannerFeedbackSchema = z.object({ feedbackId: z.string().uuid("Not a valid feedback id") });

/**
 * Undo: the label stays as a record of who said what, marked withdrawn by whom and when, and the
 * export leaves it out. A finding a dismissal labelled stays dismissed: only the training label goes.
 */
export async function withdrawScannerFeedback(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "scanner.feedback");
  const { feedbackId } = parseInput(withdrawScannerFeedbackSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const label = await tx.scannerFeedback.findFirst({ where: { id: feedbackId, orgId: ctx.org.id } });
    if (!label) throw new AppError("NOT_FOUND", "Feedback not found", { feedbackId: ["No such feedback in this organization"] });
    await loadLabellableRevision(tx, ctx, label.revisionId);
    const withdrawnAt = new Date();
    const { count } = await tx.scannerFeedback.updateMany({ where: { id: label.id, orgId: ctx.org.id, withdrawnAt: null }, data: { withdrawnAt, withdrawnById: ctx.user.id } });
    if (count === 0) throw new AppError("CONFLICT", "This feedback was already withdrawn", { feedbackId: ["Already withdrawn"] });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "scanner_feedback.withdrawn", targetType: "ScannerFeedback", targetId: label.id,
      metadata: { postId: label.postId, revisionId: label.revisionId, findingId: label.findingId, kind: label.kind, type: label.type, source: label.source },
      request: ctx.request,
    });
    return { ...label, withdrawnAt, withdrawnById: ctx.user.id };
  });
}
