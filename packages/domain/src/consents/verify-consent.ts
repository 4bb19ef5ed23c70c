import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { consentIdSchema, findConsent, toConsentSummary } from "./consent-records";

/**
 * A compliance officer confirms the structured fields match the signed file. Only a consent they
 * have opened the file of counts as checked "against the file", and nobody verifies their own
 * upload: the approval gate counts verified consents only, so this is the independent check.
 */
export async function verifyConsent(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.verify");
  const { consentId } = parseInput(consentIdSchema, input);
  const consent = await ctx.db.$transaction(async (tx) => {
    await rawSql(tx, forOrg(ctx.org.id)).execute`SELECT 1 FROM "Consent" WHERE id = ${consentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    const c = await findConsent(tx, ctx.org.id, consentId);
    if (c.status !== "ACTIVE") throw new AppError("CONFLICT", `A ${c.status.toLowerCase()} consent cannot be verified`);
    if (c.verifiedAt) throw new AppError("CONFLICT", "This consent is already verified");
    if (c.uploadedById === ctx.user.id) throw AppError.forbidden("You uploaded this consent: another compliance officer must verify it");
    const opened = await tx.auditEvent.count({
      where: { orgId: ctx.org.id, chainKey: ctx.org.id, action: "consent.file_downloaded", targetId: c.id, actorId: ctx.user.id },
    });
    if (opened === 0) throw new AppError("CONFLICT", "Open the signed file first: verification means checking the fields against it");
    const updated = await tx.consent.update({ where: { id: c.id, orgId: ctx.org.id }, data: { verifiedById: ctx.user.id, verifiedAt: new Date() } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent.verified", targetType: "Consent", targetId: c.id,
      metadata: { sha256: c.fileSha256, uploadedById: c.uploadedById }, request: ctx.request,
    });
    return updated;
  });
  return { consent: toConsentSummary(consent, true) };
}
