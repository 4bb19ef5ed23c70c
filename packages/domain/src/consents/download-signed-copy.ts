import { db } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { MediaFileMissingError, mediaStorage } from "../media/storage";
import { consentFileKey } from "./consent-records";
import { findByToken, PATIENT_ACTOR, requestState, SigningLinkError } from "./consent-request-records";
import { guardPublicLink } from "../limits/guard-public-link";

/**
 * Public, by token: the signer's copy of the signed PDF (164.508(c)(4): the individual gets a copy).
 * Only once signed, and only for COPY_WINDOW_DAYS after signing: the link is a bearer credential
 * that may sit in a mailbox, so it does not open the file forever. Each download is audited.
 */
export async function downloadSignedCopy(token: unknown, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    const r = await findByToken(token);
    const state = requestState(r);
    if (state !== "SIGNED" || !r.consentId || !r.copyAvailableUntil) {
      throw new SigningLinkError("NOT_FOUND", "There is no signed copy for this link: the form has not been signed through it.", "unknown");
    }
    if (r.copyAvailableUntil <= new Date()) {
      throw new SigningLinkError("GONE", `The download period for this copy ended on ${r.copyAvailableUntil.toISOString().slice(0, 10)}. Ask ${r.orgName} for a copy.`, "signed");
    }
    let bytes: Buffer;
    try {
      bytes = await mediaStorage().get(consentFileKey(r.orgId, r.consentId));
    } catch (error) {
      if (error instanceof MediaFileMissingError) throw AppError.notFound("The signed copy is not available. Ask the organization for a copy.");
      throw error;
    }
    await db().$transaction((tx) =>
      recordAuditEvent(tx, {
        orgId: r.orgId, ...PATIENT_ACTOR, action: "consent_request.copy_downloaded", targetType: "ConsentRequest", targetId: r.id,
        metadata: { consentId: r.consentId, bytes: bytes.length }, request,
      }),
    );
    return { bytes, mime: "application/pdf" as const, filename: "signed-authorization.pdf" };
  });
}
