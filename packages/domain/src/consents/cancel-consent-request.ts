import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { consentRequestIdSchema, requestState, toRequestSummary } from "./consent-request-records";

/**
 * Withdraws a request before it is signed: the link stops working at once. The row is locked so a
 * patient submitting at the same moment either signs first (and the cancel is refused) or finds the
 * link cancelled.
 */
export async function cancelConsentRequest(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.upload");
  const { requestId } = parseInput(consentRequestIdSchema, input);
  const row = await ctx.db.$transaction(async (tx) => {
    await rawSql(tx, forOrg(ctx.org.id)).execute`SELECT 1 FROM "ConsentRequest" WHERE id = ${requestId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    const current = await tx.consentRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id } });
    if (!current) throw AppError.notFound("Signing request not found");
    const state = requestState(current);
    if (state !== "PENDING" && state !== "EXPIRED") throw new AppError("CONFLICT", `This request is already ${state.toLowerCase()}`);
    const updated = await tx.consentRequest.update({
      where: { id: requestId, orgId: ctx.org.id },
      data: { status: "CANCELLED", cancelledAt: new Date(), cancelledById: ctx.user.id },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent_request.cancelled", targetType: "ConsentRequest", targetId: requestId,
      metadata: { wasOpened: current.openedAt !== null, wasExpired: state === "EXPIRED" }, request: ctx.request,
    });
    return updated;
  });
  return { request: toRequestSummary(row, true) };
}
