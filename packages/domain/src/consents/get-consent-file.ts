import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { mediaStorage, MediaFileMissingError } from "../media/storage";
import { parseInput } from "../validate";
import { consentIdSchema, findConsent } from "./consent-records";

/** The signed file as uploaded; the download is audited before the bytes are handed out. */
export async function getConsentFile(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.view");
  const { consentId } = parseInput(consentIdSchema, input);
  const consent = await findConsent(ctx.db, ctx.org.id, consentId);
  let bytes: Buffer;
  try {
    bytes = await mediaStorage().get(consent.fileKey);
  } catch (error) {
    if (error instanceof MediaFileMissingError) throw AppError.notFound("The signed file of this consent is missing");
    throw error;
  }
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent.file_downloaded", targetType: "Consent", targetId: consent.id,
      metadata: { bytes: bytes.length, mime: consent.fileMime }, request: ctx.request,
    }),
  );
  // A generic name: the real one may be the patient's.
  const ext = consent.fileMime === "application/pdf" ? "pdf" : consent.fileMime === "image/png" ? "png" : "jpg";
  return { bytes, mime: consent.fileMime, filename: `consent-${consent.id}.${ext}`, sha256: consent.fileSha256 };
}
