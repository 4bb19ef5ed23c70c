import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { applyConsentWithdrawal } from "./apply-consent-withdrawal";
import { consentIdSchema, findConsent, toConsentSummary } from "./consent-records";
import { REVOCATION_METHODS } from "./consent-vocabulary";

export const revokeConsentSchema = consentIdSchema.extend({
  /** The day the written revocation was received: it takes effect from then (164.508(b)(5)). */
  receivedAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: "Use a date like 2026-03-01" })
    .refine((s) => Date.parse(s) <= Date.now(), "The revocation cannot be received in the future"),
  method: z.enum(REVOCATION_METHODS, { message: `How it was received: one of ${REVOCATION_METHODS.join(", ")}` }),
});

/** Records a patient's written revocation, then stops every post that relied on it. */
export async function revokeConsent(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.revoke");
  const d = parseInput(revokeConsentSchema, input);
  const consent = await ctx.db.$transaction(async (tx) => {
    await rawSql(tx, forOrg(ctx.org.id)).execute`SELECT 1 FROM "Consent" WHERE id = ${d.consentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    const c = await findConsent(tx, ctx.org.id, d.consentId);
    if (c.status === "REVOKED") throw new AppError("CONFLICT", "This consent is already revoked");
    const receivedAt = new Date(d.receivedAt);
    if (receivedAt < c.signedAt) throw new AppError("VALIDATION", "Some fields are invalid", { receivedAt: ["The revocation cannot predate the signature"] });
    const updated = await tx.consent.update({
      where: { id: c.id, orgId: ctx.org.id },
      data: { status: "REVOKED", revokedAt: receivedAt, revocationMethod: d.method, revokedById: ctx.user.id },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent.revoked", targetType: "Consent", targetId: c.id,
      metadata: { method: d.method, receivedAt: receivedAt.toISOString(), from: c.status }, request: ctx.request,
    });
    return updated;
  });
  // After the commit: a failure here leaves the consent revoked (the approval gate already refuses
  // it) and the daily sweep re-applies the withdrawal for recently changed consents.
  const affected = await applyConsentWithdrawal(ctx.org.id, consent.id, "REVOKED", { actorId: ctx.user.id, request: ctx.request });
  return { consent: toConsentSummary(consent, true), ...affected };
}
