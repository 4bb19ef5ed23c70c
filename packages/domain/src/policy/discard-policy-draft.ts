import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { versionIdSchema } from "./policy-input";
import { versionForChange } from "./policy-records";

export const discardPolicyDraftSchema = z.object({ versionId: versionIdSchema });

/**
 * DRAFT → SUPERSEDED_DRAFT ("discarded"): the draft is abandoned without approval. It is kept, with
 * its number, and never changes again (DB trigger), like every version; the org may then start a new
 * draft. A version in review is returned to draft first; an approved one is a record and stays.
 */
export async function discardPolicyDraft(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { versionId } = parseInput(discardPolicyDraftSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const v = await versionForChange(tx, orgId, versionId);
    if (v.status === "IN_REVIEW") throw new AppError("CONFLICT", "The version is in review: return it to draft before discarding it");
    if (v.status !== "DRAFT") throw new AppError("CONFLICT", v.status === "APPROVED" ? "An approved version is a record: it cannot be discarded" : "This draft was already discarded");
    await tx.policyManualVersion.update({ where: { id: v.id, orgId }, data: { status: "SUPERSEDED_DRAFT", editedById: ctx.user.id }, select: { id: true } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.discarded", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, proposedBy: v.proposedBy },
    });
    return { versionId: v.id, status: "SUPERSEDED_DRAFT" as const };
  });
}
