import { db } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { findByToken, linkProblem, PATIENT_ACTOR, requestElements } from "./consent-request-records";
import { guardPublicLink } from "../limits/guard-public-link";

/**
 * Public: what the signing page shows to whoever holds the link (the token is the credential).
 * A link that cannot be signed throws a SigningLinkError saying why (404 unknown, 409/410 used,
 * cancelled or expired). The first open is recorded for the signature certificate; every view
 * decrypts the patient's name, so every view is audited.
 */
export async function getSigningRequest(token: unknown, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    const found = await findByToken(token);
    const problem = linkProblem(found);
    if (problem) throw problem;
    const openedAt = found.openedAt ?? new Date();
    await db().$transaction(async (tx) => {
      // Conditional: two tabs opening at once keep the earlier time.
      if (!found.openedAt) await tx.consentRequest.updateMany({ where: { id: found.id, orgId: found.orgId, openedAt: null }, data: { openedAt } });
      await recordAuditEvent(tx, {
        orgId: found.orgId, ...PATIENT_ACTOR, action: "consent_request.viewed", targetType: "ConsentRequest", targetId: found.id,
        metadata: { firstView: !found.openedAt }, request,
      });
    });
    return {
      orgName: found.orgName,
      linkExpiresAt: found.expiresAt,
      elements: requestElements(found),
    };
  });
}
export type SigningRequestView = Awaited<ReturnType<typeof getSigningRequest>>;
