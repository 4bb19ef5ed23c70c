import { ANY_ORG, acrossOrgs, rawSql, type ClientApprovalLink, type ClientApprover, type Post, type Tx } from "@vetted/db";
import { currentStep, loadPolicy } from "../approvals/approval-policy";
import type { RequestMeta } from "../context";
import { AppError, type ErrorCode, type FieldErrors } from "../errors";
import type { MissTest } from "../limits/guard-public-link";
import { hashLinkToken, looksLikeLinkToken } from "./client-link-rules";

// A client approver link by its token, the states it can be in, and who acts through it. Token,
// code and session hashes never leave this folder.

export type ClientLinkReason = "unknown" | "used" | "expired" | "locked" | "inactive" | "changed" | "closed";

/** Why a link does not (or no longer) work, in words for the person holding it; nothing about the post. */
export class ClientLinkError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly reason: ClientLinkReason,
  ) {
    super(code, message);
  }
}

/** A wrong code (VALIDATION naming the field, or GONE when it locked the link). */
export class WrongCodeError extends AppError {
  constructor(code: "VALIDATION" | "GONE", message: string, fields?: FieldErrors) {
    super(code, message, fields);
  }
}

/**
 * What counts against the caller's IP as a public-link miss (limits/guard-public-link.ts,
 * `public_link.misses`): a token that matches no link, and a wrong code. A link that works, an
 * expired code or a used link is never counted.
 */
export const isClientLinkMiss: MissTest = (e) => (e instanceof ClientLinkError && e.reason === "unknown") || e instanceof WrongCodeError;

export type LinkedClientApproval = ClientApprovalLink & { approver: ClientApprover; org: { id: string; slug: string; name: string; timeZone: string } };

/** The actor of what is done through the link: no user row; the label names the approver. */
export const linkActor = (link: LinkedClientApproval, request: RequestMeta) =>
  ({ actorId: null, actorLabel: `${link.approver.name} (client approver)`, request }) as const;

/**
 * The link behind a token. Unknown, malformed and unrelated tokens get one answer (404; a miss for
 * guardPublicLink). `lock` takes the row lock first (inside a transaction).
 */
export async function findLinkByToken(tx: Tx, token: unknown, lock = false): Promise<LinkedClientApproval> {
  const tokenHash = typeof token === "string" && looksLikeLinkToken(token) ? hashLinkToken(token) : null;
  if (lock && tokenHash) await rawSql(tx, acrossOrgs("client approval link: the token names the org")).execute`SELECT 1 FROM "ClientApprovalLink" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
  const link = tokenHash ? await tx.clientApprovalLink.findFirst({ where: { tokenHash, orgId: ANY_ORG } }) : null;
  if (!link) {
    throw new ClientLinkError("NOT_FOUND", "This approval link is not valid. Check that you opened the whole link from the newest message.", "unknown");
  }
  const [approver, org] = await Promise.all([
    tx.clientApprover.findFirstOrThrow({ where: { id: link.approverId, orgId: link.orgId } }),
    tx.organization.findUniqueOrThrow({ where: { id: link.orgId }, select: { id: true, slug: true, name: true, timeZone: true } }),
  ]);
  return { ...link, approver, org };
}

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * The link's state as an error, or null while it can be used. Used first (410, the clearest answer
 * for a second click), then what the org did (replaced, approver deactivated), then time, then the
 * post: a new revision, a post no longer in review, or a policy step already past voids the link.
 */
export async function linkProblem(tx: Tx, link: LinkedClientApproval, post: Post, now = new Date()): Promise<ClientLinkError | null> {
  const org = link.org.name;
  if (link.usedAt) return new ClientLinkError("GONE", `This link was already used: you ${link.decision === "APPROVE" ? "approved the post" : "asked for changes"} on ${at(link.usedAt)}. Each link works once.`, "used");
  if (!link.approver.active) return new ClientLinkError("GONE", `${org} no longer lists you as an approver. Contact them if that is a mistake.`, "inactive");
  if (link.lockedAt) return new ClientLinkError("GONE", `This link is locked after too many wrong codes. Ask ${org} to send you a new link.`, "locked");
  if (link.voidedAt && link.voidReason === "replaced by a newer link") {
    return new ClientLinkError("GONE", `A newer link replaced this one. Use the link in the newest message from ${org}.`, "changed");
  }
  if (link.expiresAt <= now) return new ClientLinkError("GONE", `This link expired on ${at(link.expiresAt)}. Ask ${org} to send you a new one if the post still needs your approval.`, "expired");
  if (link.voidedAt || post.currentRevision !== link.revision) {
    return new ClientLinkError("GONE", `The post changed after this link was sent, so the link no longer works. ${org} will send a new link when the post is ready again.`, "changed");
  }
  if (post.state !== "IN_REVIEW") return new ClientLinkError("GONE", "This post is no longer waiting for your approval. Nothing else is needed from you.", "closed");
  const policy = await loadPolicy(tx, link.orgId);
  const step = await currentStep(tx, link.orgId, policy, post, link.revisionId);
  if (!step || step.index !== link.step || step.step.mode !== "CLIENT") {
    return new ClientLinkError("GONE", "This post is no longer waiting for your approval. Nothing else is needed from you.", "closed");
  }
  return null;
}

/** The post of a link, unlocked (the decision locks it with lockPost, before the link, like every decision). */
export async function postOfLink(tx: Tx, link: { orgId: string; postId: string }): Promise<Post> {
  return tx.post.findFirstOrThrow({ where: { id: link.postId, orgId: link.orgId } });
}
