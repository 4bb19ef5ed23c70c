import { db } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { clientCodeSchema } from "./client-approval-schemas";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { guardPublicLink } from "../limits/guard-public-link";
import { findLinkByToken, isClientLinkMiss, linkActor, linkProblem, postOfLink, WrongCodeError } from "./client-link-records";
import { codeMatches, MAX_CODE_ATTEMPTS, newLinkToken, sessionExpiry } from "./client-link-rules";

type Outcome = { ok: true; session: string; sessionExpiresAt: Date } | { ok: false; attemptsLeft: number; orgName: string };

/**
 * Public: the approver types the mailed code. Right: the code is used up and this browser gets a
 * session (returned once, for the cookie; only its SHA-256 is stored) for SESSION_HOURS. Wrong: the
 * attempt is counted and committed (so a refusal cannot be retried for free), audited, and counts as
 * a public-link miss against the IP (guardPublicLink); the MAX_CODE_ATTEMPTS-th wrong code locks the
 * link for good.
 */
export async function verifyClientApprovalCode(token: unknown, input: unknown, request: RequestMeta, limiter?: AbuseLimiter) {
  const { code } = parseInput(clientCodeSchema, input);
  return guardPublicLink(request, async () => {
    const outcome = await checkCode(token, code, request);
    if (outcome.ok) return { session: outcome.session, sessionExpiresAt: outcome.sessionExpiresAt };
    // Thrown after the commit: the attempt (and a lock) stand.
    if (outcome.attemptsLeft <= 0) throw new WrongCodeError("GONE", `Too many wrong codes: this link is now locked. Ask ${outcome.orgName} to send you a new link.`);
    const left = `${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? "" : "s"} left`;
    throw new WrongCodeError("VALIDATION", "The code is not correct", { code: [`The code is not correct (${left})`] });
  }, isClientLinkMiss, limiter);
}

async function checkCode(token: unknown, code: string, request: RequestMeta): Promise<Outcome> {
  return db().$transaction(async (tx): Promise<Outcome> => {
    const link = await findLinkByToken(tx, token, true);
    const problem = await linkProblem(tx, link, await postOfLink(tx, link));
    if (problem) throw problem;
    const now = new Date();
    if (!link.codeHash || !link.codeExpiresAt || link.codeExpiresAt <= now) {
      throw new AppError("VALIDATION", "The code expired", { code: ["This code expired: ask for a new one"] });
    }
    const actor = linkActor(link, request);
    if (!codeMatches(link.id, code, link.codeHash)) {
      const attempts = link.attempts + 1;
      const locked = attempts >= MAX_CODE_ATTEMPTS;
      await tx.clientApprovalLink.update({
        where: { id: link.id, orgId: link.orgId },
        data: { attempts, ...(locked ? { lockedAt: now, codeHash: null, codeExpiresAt: null } : {}) },
      });
      await recordAuditEvent(tx, { orgId: link.orgId, ...actor, action: "client_approval.code_failed", targetType: "Post", targetId: link.postId, metadata: { linkId: link.id, attempt: attempts, locked } });
      return { ok: false, attemptsLeft: MAX_CODE_ATTEMPTS - attempts, orgName: link.org.name };
    }
    const session = newLinkToken();
    const sessionExpiresAt = sessionExpiry(now, link.expiresAt);
    await tx.clientApprovalLink.update({
      where: { id: link.id, orgId: link.orgId },
      data: { verifiedAt: now, sessionHash: session.tokenHash, sessionExpiresAt, codeHash: null, codeExpiresAt: null },
    });
    await recordAuditEvent(tx, { orgId: link.orgId, ...actor, action: "client_approval.verified", targetType: "Post", targetId: link.postId, metadata: { linkId: link.id, attempts: link.attempts } });
    return { ok: true, session: session.token, sessionExpiresAt };
  });
}
