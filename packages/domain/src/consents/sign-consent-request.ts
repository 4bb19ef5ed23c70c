import { randomUUID } from "node:crypto";
import { db, type Tx } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvents } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { sha256 } from "../media/media-files";
import { mediaStorage } from "../media/storage";
import { notifyUsers } from "../notifications/notify";
import { parseInput } from "../validate";
import { optionalText, requiredText } from "./authorization-fields";
import { appendCertificate, buildAuthorizationPdf, type SignedAuthorization } from "./authorization-pdf";
import { consentAad, consentFileKey, type ConsentField } from "./consent-records";
import { COPY_WINDOW_DAYS, DAY_MS, findByToken, linkProblem, PATIENT_ACTOR, requestElements, SigningLinkError, type LinkedRequest } from "./consent-request-records";
import { encryptField, envelopeKeyId, nameIndex } from "./crypto";
import { checkSignature, SIGNATURE_MAX_BYTES, SIGNATURE_MAX_DATA_URL } from "./signature-image";
import { guardPublicLink } from "../limits/guard-public-link";

const ack = (what: string) => z.literal(true, { message: `Tick the box to confirm you read that ${what}` });

export const signConsentRequestSchema = z
  .object({
    typedName: requiredText(200, "Type your full name"),
    confirmName: z.literal(true, { message: "Confirm that the name you typed is yours and that you are signing this form" }),
    signature: z.string({ message: "Draw your signature in the box" }).min(1, "Draw your signature in the box"),
    isRepresentative: z.boolean().default(false),
    representativeAuthority: optionalText(300),
    ackRightToRevoke: ack("you can take back this permission in writing"),
    ackNoConditioning: ack("your care does not depend on signing"),
    ackRedisclosure: ack("shared information may be shared again"),
  })
  .superRefine((d, ctx) => {
    if (d.isRepresentative && !d.representativeAuthority) {
      ctx.addIssue({ code: "custom", path: ["representativeAuthority"], message: "Say how you are allowed to sign for the patient (for example: parent of a minor)" });
    }
  });
export type SignConsentRequestInput = z.input<typeof signConsentRequestSchema>;

/** A link already used is a conflict for the second submit; other link problems keep their code. */
function refuse(problem: SigningLinkError): never {
  if (problem.reason === "signed") throw new SigningLinkError("CONFLICT", "This authorization was already signed. Each link can be used once.", "signed");
  throw problem;
}

/**
 * Public, by token: the patient (or their representative) signs. In one transaction, with the
 * request row locked so the link is used exactly once: the PDF is generated (authorization pages,
 * then the signature certificate), stored as the consent's file, the Consent is created (ACTIVE,
 * unverified: a compliance officer still checks it), the request is closed, and the person who
 * sent it is notified. The stored file is removed again if the transaction does not commit.
 */
export async function signConsentRequest(token: unknown, input: unknown, request: RequestMeta) {
  // An IP over its budget of link misses is refused before any of the work below.
  return guardPublicLink(request, () => signByLink(token, input, request));
}

async function signByLink(token: unknown, input: unknown, request: RequestMeta) {
  const signatureInput = (input as { signature?: unknown } | null)?.signature;
  if (typeof signatureInput === "string" && signatureInput.length > SIGNATURE_MAX_DATA_URL) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The signature image is larger than ${SIGNATURE_MAX_BYTES / 1024} KB`, { signature: ["The signature image is too large"] });
  }
  const d = parseInput(signConsentRequestSchema, input);
  // Link state before the image work, so a used or expired link gets its own clear answer.
  const first = await findByToken(token);
  const early = linkProblem(first);
  if (early) refuse(early);
  const signaturePng = await checkSignature(d.signature);

  const storage = mediaStorage();
  let storedKey: string | null = null;
  try {
    const result = await db().$transaction(
      async (tx) => {
        const r = await findByToken(token, tx, true);
        const problem = linkProblem(r);
        if (problem) refuse(problem);
        const signedAt = new Date();
        if (r.authorizationExpiresAt && r.authorizationExpiresAt <= signedAt) {
          throw new SigningLinkError("GONE", `The end date of this authorization has passed. Ask ${r.orgName} to send you a new one.`, "expired");
        }
        const consentId = randomUUID();
        const auth: SignedAuthorization = {
          requestId: r.id, orgName: r.orgName, elements: requestElements(r), signerName: d.typedName,
          isRepresentative: d.isRepresentative, representativeAuthority: d.isRepresentative ? (d.representativeAuthority ?? null) : null,
          signedAt, signaturePng,
        };
        const built = await buildAuthorizationPdf(auth);
        const facts = { requestCreatedAt: r.createdAt, linkOpenedAt: r.openedAt, signedAt, signerIp: request.ip, signerUserAgent: request.userAgent?.slice(0, 400) ?? null };
        const { pdf, documentSha256, documentBytes } = await appendCertificate(built.bytes, auth, facts, built.replacedCharacters);
        const fileKey = consentFileKey(r.orgId, consentId);
        await storage.put(fileKey, pdf);
        storedKey = fileKey;
        await createConsent(tx, r, auth, consentId, { fileKey, fileSha256: sha256(pdf), fileBytes: pdf.length });
        await tx.consentRequest.update({
          where: { id: r.id, orgId: r.orgId },
          data: {
            status: "SIGNED", signedAt, signerIp: facts.signerIp, signerUserAgent: facts.signerUserAgent, consentId,
            documentSha256, documentBytes, copyAvailableUntil: new Date(signedAt.getTime() + COPY_WINDOW_DAYS * DAY_MS),
          },
        });
        const common = { orgId: r.orgId, ...PATIENT_ACTOR, request };
        await recordAuditEvents(tx, [
          {
            ...common, action: "consent_request.signed", targetType: "ConsentRequest", targetId: r.id,
            metadata: { consentId, documentSha256, documentBytes, isRepresentative: d.isRepresentative, replacedCharacters: built.replacedCharacters },
          },
          {
            ...common, action: "consent.signed_in_app", targetType: "Consent", targetId: consentId,
            metadata: { requestId: r.id, mime: "application/pdf", bytes: pdf.length, sha256: sha256(pdf), channels: r.channels, purposes: r.purposes, uploadedById: r.createdById },
          },
        ]);
        const mailIds = await notifyUsers(tx, { orgId: r.orgId, orgSlug: r.orgSlug, orgName: r.orgName, postId: null, kind: "consent_signed", userIds: [r.createdById], request });
        return { consentId, signedAt, mailIds, orgName: r.orgName };
      },
      // PDF generation runs inside the transaction (the row stays locked meanwhile): give it room.
      { timeout: 30_000 },
    );
    for (const id of result.mailIds) await deliverMail(id);
    return { signedAt: result.signedAt, orgName: result.orgName, copyAvailableDays: COPY_WINDOW_DAYS };
  } catch (error) {
    if (storedKey) await storage.delete(storedKey).catch(() => undefined);
    throw error;
  }
}

async function createConsent(
  tx: Tx,
  r: LinkedRequest,
  a: SignedAuthorization,
  id: string,
  file: { fileKey: string; fileSha256: string; fileBytes: number },
) {
  const enc = (field: ConsentField, v: string) => encryptField(v, consentAad(r.orgId, id, field));
  const subjectNameCipher = enc("subjectName", a.elements.subjectName);
  return tx.consent.create({
    data: {
      id, orgId: r.orgId, subjectNameCipher, keyId: envelopeKeyId(subjectNameCipher), nameIndex: nameIndex(r.orgId, a.elements.subjectName),
      descriptionCipher: enc("description", a.elements.informationDescription), discloser: r.discloser, recipients: r.recipients,
      channels: r.channels, purposes: r.purposes, expiresAt: r.authorizationExpiresAt, expirationEvent: r.expirationEvent,
      signerNameCipher: enc("signerName", a.signerName), isRepresentative: a.isRepresentative,
      representativeAuthorityCipher: a.representativeAuthority ? enc("representativeAuthority", a.representativeAuthority) : null,
      signedAt: a.signedAt, ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true,
      ...file, fileMime: "application/pdf", uploadedById: r.createdById,
    },
  });
}
