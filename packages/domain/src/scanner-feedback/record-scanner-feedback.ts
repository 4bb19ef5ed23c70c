import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { auditLabels, loadLabellableRevision, lockRevisionLabels } from "./feedback-guard";
import { checkSpan, FEEDBACK_TYPES, feedbackSourceSchema, sourceText } from "./feedback-text";
import { labelFindingsNotPhi } from "./label-findings-not-phi";

/** A character offset: a number from JSON, digits from a form. */
const offset = (field: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ message: `Give ${field} as a whole number of characters` }).int(`Give ${field} as a whole number of characters`).min(0, `${field} cannot be negative`).max(1_000_000, `${field} is past any post's end`),
  );

export const recordScannerFeedbackSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("NOT_PHI"), findingId: z.string().uuid("Not a valid finding id") }),
  z.object({
    kind: z.literal("MISSED_PHI"),
    revisionId: z.string().uuid("Not a valid revision id"),
    source: feedbackSourceSchema,
    start: offset("start"),
    end: offset("end"),
    type: z.enum(FEEDBACK_TYPES, { message: `Pick a PHI type: ${FEEDBACK_TYPES.join(", ")}` }),
  }),
], { error: () => "Pick NOT_PHI (a finding that is not PHI) or MISSED_PHI (PHI the scanner did not find)" });

/**
 * A compliance officer's correction of the text scanner on one revision, kept as training data
 * (export-scanner-feedback.ts). NOT_PHI: a finding is not PHI. MISSED_PHI: a span of the revision's
 * text (or one channel's variant) is PHI of a type the scanner did not report there. Only offsets are
 * stored; the audit names ids, kind and type. Nobody labels a post they wrote, and a label changes no
 * finding and no approval gate: it is a record for training, not a decision on the post.
 */
export async function recordScannerFeedback(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "scanner.feedback");
  const data = parseInput(recordScannerFeedbackSchema, input);
  return ctx.db.$transaction(async (tx) => {
    if (data.kind === "NOT_PHI") {
      const finding = await tx.finding.findFirst({ where: { id: data.findingId, orgId: ctx.org.id } });
      if (!finding) throw new AppError("NOT_FOUND", "Finding not found", { findingId: ["No such finding in this organization"] });
      const [row] = await labelFindingsNotPhi(tx, ctx, [finding], "feedback", true);
      return row!;
    }
    const { revision, post } = await loadLabellableRevision(tx, ctx, data.revisionId);
    const text = sourceText(revision, data.source);
    if (text === null) throw new AppError("VALIDATION", "This revision has no such channel version", { source: ["This revision has no text for that channel"] });
    const { start, end } = checkSpan(text, data.start, data.end);
    const scan = await tx.scanJob.findFirst({ where: { orgId: ctx.org.id, revisionId: revision.id }, select: { status: true } });
    if (scan?.status !== "SUCCEEDED") throw new AppError("CONFLICT", "The scan of this revision has not finished: label what it missed once it has", { revisionId: ["Not scanned yet"] });
    await lockRevisionLabels(tx, revision.id);
    const same = { orgId: ctx.org.id, revisionId: revision.id, source: data.source, start, end };
    if (await tx.scannerFeedback.count({ where: { ...same, kind: "MISSED_PHI", withdrawnAt: null } })) {
      throw new AppError("CONFLICT", "This span is already labelled as missed PHI", { start: ["Already labelled: undo that label first to change its type"] });
    }
    const found = await tx.finding.findMany({ where: { ...same, type: data.type }, select: { id: true } });
    const refuted = found.length
      ? await tx.scannerFeedback.count({ where: { orgId: ctx.org.id, kind: "NOT_PHI", withdrawnAt: null, findingId: { in: found.map((f) => f.id) } } })
      : 0;
    if (found.length > refuted) {
      throw new AppError("CONFLICT", `The scanner already found this span as ${data.type}`, { start: [`The scanner already reports this span as ${data.type}`] });
    }
    const row = await tx.scannerFeedback.create({
      data: { orgId: ctx.org.id, postId: post.id, revisionId: revision.id, kind: "MISSED_PHI", source: data.source, start, end, type: data.type, createdById: ctx.user.id },
    });
    await auditLabels(tx, ctx, [row], "feedback");
    return row;
  });
}
