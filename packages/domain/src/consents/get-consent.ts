import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { consentIdSchema, findConsent, toConsentDetail } from "./consent-records";

/** One consent with every element decrypted; each view is written to the audit trail. */
export async function getConsent(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.view");
  const { consentId } = parseInput(consentIdSchema, input);
  const consent = await findConsent(ctx.db, ctx.org.id, consentId);
  // Decrypt before auditing: a key problem fails the view instead of recording one that showed nothing.
  const detail = toConsentDetail(consent);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "consent.viewed", targetType: "Consent", targetId: consent.id, request: ctx.request }),
  );
  return { consent: detail };
}
