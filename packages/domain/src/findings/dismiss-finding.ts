import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";

export const dismissFindingSchema = z.object({
  findingId: z.string().uuid("Not a valid finding id"),
  reason: z.string().trim().min(10, "Say in a sentence why this is not PHI (at least 10 characters)").max(500, "Keep the reason under 500 characters"),
  /** Also teach the scanner: never flag this exact term for this org again. */
  addToAllowList: z.coerce.boolean().default(true),
});

/**
 * Marks a finding as a false positive. A dismissed blocking finding no longer needs an override;
 * with addToAllowList the term joins the org's allow list for future scans. Faces cannot be
 * dismissed here: a face needs a linked consent or a staff attestation instead.
 */
export async function dismissFinding(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "findings.dismiss");
  const { findingId, reason, addToAllowList } = parseInput(dismissFindingSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const finding = await tx.finding.findFirst({ where: { id: findingId, orgId: ctx.org.id } });
    if (!finding) throw AppError.notFound("Finding not found");
    if (finding.type === "FACE") throw new AppError("CONFLICT", "A face cannot be dismissed: link the person's consent or attest that they are staff");
    if (finding.dismissedAt) return finding;
    const post = await tx.post.findFirst({ where: { id: finding.postId, orgId: ctx.org.id }, select: { authorId: true, state: true } });
    if (post?.state !== "IN_REVIEW" && post?.state !== "CHANGES_REQUESTED" && post?.state !== "SCAN_FAILED") {
      throw new AppError("CONFLICT", "Findings can be dismissed while the post is in review or waiting for changes");
    }
    const updated = await tx.finding.update({
      where: { id: findingId, orgId: ctx.org.id },
      data: { dismissedAt: new Date(), dismissedById: ctx.user.id, dismissReason: reason },
    });
    const term = finding.text?.trim();
    if (addToAllowList && term && term.length <= 200) {
      await tx.scanAllowTerm.upsert({
        where: { orgId_term_type: { orgId: ctx.org.id, term, type: finding.type }, orgId: ctx.org.id },
        create: { orgId: ctx.org.id, term, type: finding.type, reason, createdById: ctx.user.id },
        update: {},
      });
    }
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "finding.dismissed", targetType: "Finding", targetId: findingId,
      metadata: { postId: finding.postId, type: finding.type, blocking: finding.blocking, allowListed: addToAllowList && !!term },
      request: ctx.request,
    });
    return updated;
  });
}
