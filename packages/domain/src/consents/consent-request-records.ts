import { ANY_ORG, db, type ConsentRequest, type Tx, acrossOrgs, rawSql } from "@vetted/db";
import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { hashInviteToken, looksLikeInviteToken, newInviteToken } from "../invitations/tokens";
import { decryptField, decryptOptional } from "./crypto";

// Shared pieces of the "sign in-app" requests: encryption context, token handling, the link states
// and the shapes a request is returned in. Ciphertexts and the token hash never leave the domain.

export type ConsentRequestField = "subjectName" | "description" | "email";

/** Its own AAD namespace: a request's envelope cannot be passed off as a Consent's, or the reverse. */
export const consentRequestAad = (orgId: string, requestId: string, field: ConsentRequestField) => `consent-request:${orgId}:${requestId}:${field}`;

export const SIGNING_LINK_DAYS = 7;
/** How long after signing the patient can still download their copy through the link. */
export const COPY_WINDOW_DAYS = 7;
export const DAY_MS = 86_400_000;

// The signing token is the same kind of credential as an invitation's: 32 random bytes, base64url,
// stored only as its SHA-256. One implementation, so both get the same strength and checks.
export const newSigningToken = newInviteToken;
export const hashSigningToken = hashInviteToken;

export const consentRequestIdSchema = z.object({ requestId: z.string().uuid("Not a valid request id") });
export const tokenSchema = z.object({ token: z.string().refine(looksLikeInviteToken, "This signing link is not valid") });

/** The actor of events done through the link: no user row, the label says who. */
export const PATIENT_ACTOR = { actorId: null, actorLabel: "patient via signing link" } as const;

export type LinkReason = "unknown" | "signed" | "cancelled" | "expired";

/**
 * Why a signing link does not (or no longer) work. The message is for the person holding the link:
 * it says what happened to this request only, never anything about any other.
 */
export class SigningLinkError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly reason: LinkReason,
  ) {
    super(code, message);
  }
}

const unknownLink = () => new SigningLinkError("NOT_FOUND", "This signing link is not valid. Check that you opened the whole link from the message.", "unknown");

export type LinkedRequest = ConsentRequest & { orgName: string; orgSlug: string };

/** PENDING past its link expiry reads as EXPIRED; the stored status never says so. */
export function requestState(r: Pick<ConsentRequest, "status" | "expiresAt">, now = new Date()) {
  return r.status === "PENDING" && r.expiresAt <= now ? "EXPIRED" : r.status;
}

/** The link's state as an error, or nothing while it can be signed. */
export function linkProblem(r: ConsentRequest & { orgName: string }, now = new Date()): SigningLinkError | null {
  const state = requestState(r, now);
  if (state === "SIGNED") {
    return new SigningLinkError("GONE", "This authorization has already been signed. Each link can be used once.", "signed");
  }
  if (state === "CANCELLED") return new SigningLinkError("GONE", `${r.orgName} cancelled this request. Contact them if you still want to sign.`, "cancelled");
  if (state === "EXPIRED") return new SigningLinkError("GONE", `This link expired on ${r.expiresAt.toISOString().slice(0, 10)}. Ask ${r.orgName} to send you a new one.`, "expired");
  return null;
}

/**
 * The request behind a token, with its org's name. Unknown and malformed tokens get the same answer.
 * `lock` (inside a transaction) takes the row lock first, so a concurrent sign or cancel waits.
 */
export async function findByToken(token: unknown, tx?: Tx, lock = false): Promise<LinkedRequest> {
  const parsed = tokenSchema.safeParse({ token });
  if (!parsed.success) throw unknownLink();
  const tokenHash = hashSigningToken(parsed.data.token);
  const client = tx ?? db();
  if (lock && tx) await rawSql(tx, acrossOrgs("signing link: the token names the org")).execute`SELECT 1 FROM "ConsentRequest" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
  const request = await client.consentRequest.findFirst({ where: { tokenHash, orgId: ANY_ORG } });
  if (!request) throw unknownLink();
  const org = await client.organization.findUniqueOrThrow({ where: { id: request.orgId }, select: { name: true, slug: true } });
  return { ...request, orgName: org.name, orgSlug: org.slug };
}

export const PURPOSE_TEXT: Record<string, string> = {
  SOCIAL_MEDIA_MARKETING: "marketing on social media",
  WEBSITE: "our website",
  PRINT_ADVERTISING: "printed advertising (brochures, posters, mailings)",
  PATIENT_TESTIMONIAL: "a patient story or testimonial",
  FUNDRAISING: "fundraising",
  COMMUNITY_EDUCATION: "community education and health awareness",
};
export const CHANNEL_TEXT: Record<string, string> = {
  FACEBOOK: "Facebook", INSTAGRAM: "Instagram", X: "X (Twitter)", LINKEDIN: "LinkedIn", TIKTOK: "TikTok", PRIVATE_GROUP: "private online groups",
};

/** The elements of a request, decrypted: what the patient reads before signing and what the PDF says. */
export function requestElements(r: ConsentRequest) {
  const aad = (f: ConsentRequestField) => consentRequestAad(r.orgId, r.id, f);
  return {
    subjectName: decryptField(r.subjectNameCipher, aad("subjectName")),
    informationDescription: decryptField(r.descriptionCipher, aad("description")),
    discloser: r.discloser,
    recipients: r.recipients,
    /** Older requests predate the setting: they name the discloser, as they were signed. */
    revocationContact: r.revocationContact ?? `${r.discloser}`,
    channels: r.channels,
    purposes: r.purposes,
    expiresAt: r.authorizationExpiresAt,
    expirationEvent: r.expirationEvent,
  };
}
export type RequestElements = ReturnType<typeof requestElements>;

/** One row of the org's list: the name only when the caller may see it. */
export function toRequestSummary(r: ConsentRequest, withName: boolean, now = new Date()) {
  const aad = (f: ConsentRequestField) => consentRequestAad(r.orgId, r.id, f);
  return {
    id: r.id,
    displayName: withName ? decryptField(r.subjectNameCipher, aad("subjectName")) : null,
    email: withName ? decryptOptional(r.emailCipher, aad("email")) : null,
    state: requestState(r, now),
    channels: r.channels,
    purposes: r.purposes,
    linkExpiresAt: r.expiresAt,
    createdAt: r.createdAt,
    createdById: r.createdById,
    openedAt: r.openedAt,
    signedAt: r.signedAt,
    cancelledAt: r.cancelledAt,
    consentId: r.consentId,
  };
}
export type ConsentRequestSummary = ReturnType<typeof toRequestSummary>;
