import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { allowTermHash, HASHED_ALLOW_TYPES } from "../scans/allow-term-hash";
import { formFlag, parseInput } from "../validate";
import { DISMISS_REASON_CODES, dismissalText } from "./finding-reasons";
import { labelFindingsNotPhi } from "../scanner-feedback/label-findings-not-phi";

export const dismissFindingSchema = z
  .object({
    findingId: z.string().uuid("Not a valid finding id"),
    /** A preset (finding-reasons.ts). Clients that send only free text mean "Other — explain". */
    reasonCode: z.enum(DISMISS_REASON_CODES, { message: `Pick a reason: ${DISMISS_REASON_CODES.join(", ")}` }).default("OTHER"),
    /** Free text: optional beside a preset, required (10+ characters) for "Other". */
    reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional().transform((v) => v || undefined),
    /** Also teach the scanner: never flag this exact term for this org again. Compliance officers only; off unless asked. */
    addToAllowList: formFlag.default(false),
  })
  .refine((d) => d.reasonCode !== "OTHER" || (d.reason?.length ?? 0) >= 10, {
    message: "Explain in a sentence why this is not PHI (at least 10 characters)",
    path: ["reason"],
  });

/**
 * Marks a non-blocking finding as a false positive. Separation of duties: a blocking finding is
 * never dismissed (by anyone); it stands until a compliance officer approves with a written
 * override (request-override.ts, approvals/approval-gates.ts), so the author cannot clear what
 * blocks their own post. Only compliance officers add the term to the org's allow list, which
 * silences the scanner for every future post. Faces need a consent or a staff attestation instead.
 * Permissions and the blocking check come before any write, so a refusal changes nothing.
 */
export async function dismissFinding(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "findings.dismiss");
  const { findingId, reasonCode, reason, addToAllowList } = parseInput(dismissFindingSchema, input);
  if (addToAllowList) assertCan(ctx, "scanner.allowList");
  return ctx.db.$transaction(async (tx) => {
    const finding = await tx.finding.findFirst({ where: { id: findingId, orgId: ctx.org.id } });
    if (!finding) throw AppError.notFound("Finding not found");
    if (finding.type === "FACE") throw new AppError("CONFLICT", "A face cannot be dismissed: link the person's consent or attest that they are staff");
    if (finding.dismissedAt) return finding;
    if (finding.blocking) {
      throw new AppError("CONFLICT", "A blocking finding cannot be dismissed: fix the text, or request an override so a compliance officer decides when approving");
    }
    const post = await tx.post.findFirst({ where: { id: finding.postId, orgId: ctx.org.id }, select: { authorId: true, state: true } });
    if (post?.state !== "IN_REVIEW" && post?.state !== "CHANGES_REQUESTED" && post?.state !== "SCAN_FAILED") {
      throw new AppError("CONFLICT", "Findings can be dismissed while the post is in review or waiting for changes");
    }
    const updated = await tx.finding.update({
      where: { id: findingId, orgId: ctx.org.id },
      data: { dismissedAt: new Date(), dismissedById: ctx.user.id, dismissReasonCode: reasonCode, dismissReason: reason ?? null },
    });
    const text = finding.text?.trim();
    const allowListed = addToAllowList && !!text && text.length <= 200;
    if (allowListed) {
      // Identifier terms are PHI in themselves: only their keyed hash is stored (allow-term-hash.ts).
      const hashed = HASHED_ALLOW_TYPES.has(finding.type);
      const term = hashed ? allowTermHash(ctx.org.id, finding.type, text) : text;
      await tx.scanAllowTerm.upsert({
        where: { orgId_term_type: { orgId: ctx.org.id, term, type: finding.type }, orgId: ctx.org.id },
        create: { orgId: ctx.org.id, term, hashed, type: finding.type, reason: dismissalText(reasonCode, reason ?? null), createdById: ctx.user.id },
        update: {},
      });
    }
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "finding.dismissed", targetType: "Finding", targetId: findingId,
      // The preset code only: the free text may name the person the finding is about.
      metadata: { postId: finding.postId, type: finding.type, blocking: finding.blocking, reasonCode, allowListed, byAuthor: post.authorId === ctx.user.id },
      request: ctx.request,
    });
    // A compliance officer's dismissal is also their "not PHI" label for the scanner's training data
    // (scanner-feedback/); anyone else's is not, and a text that cannot be labelled is just skipped.
    await labelFindingsNotPhi(tx, ctx, [finding], "dismissal");
    return updated;
  });
}
