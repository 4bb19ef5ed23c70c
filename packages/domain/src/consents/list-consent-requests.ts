import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { toRequestSummary } from "./consent-request-records";

export const listConsentRequestsSchema = z.object({
  take: z.coerce.number().int().min(1).max(200, "At most 200 at a time").default(50),
});

/**
 * The org's signing requests, newest first, with the patient names decrypted: a read of PHI, so
 * it is audited (how many rows were shown, never whose).
 */
export async function listConsentRequests(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "consents.view");
  const { take } = parseInput(listConsentRequestsSchema, input ?? {});
  const rows = await ctx.db.consentRequest.findMany({ where: { orgId: ctx.org.id }, orderBy: { createdAt: "desc" }, take });
  const now = new Date();
  const requests = rows.map((r) => toRequestSummary(r, true, now));
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent_request.listed", targetType: "ConsentRequest",
      metadata: { results: requests.length }, request: ctx.request,
    }),
  );
  return { requests };
}
