import { timingSafeEqual } from "node:crypto";
import type { Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { maskAddress } from "../mail/mail-crypto";
import { queueMail } from "../mail/send-mail";
import { openApproverEmail } from "./client-approver-crypto";
import { linkActor, type LinkedClientApproval } from "./client-link-records";
import { codeExpiry, hashCode, hashLinkToken, looksLikeLinkToken, MAX_CODE_ATTEMPTS, MAX_CODES_PER_LINK, newCode, nextCodeAt } from "./client-link-rules";

// The second factor of a link: the code mailed to the approver, and the browser session it buys.

/** Whether this browser's session value (the cookie) is the link's live session. */
export function sessionValid(link: { sessionHash: string | null; sessionExpiresAt: Date | null }, session: unknown, now = new Date()): boolean {
  if (!link.sessionHash || !link.sessionExpiresAt || link.sessionExpiresAt <= now) return false;
  if (typeof session !== "string" || !looksLikeLinkToken(session)) return false;
  const given = Buffer.from(hashLinkToken(session), "hex");
  const stored = Buffer.from(link.sessionHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export const assertSession = (link: LinkedClientApproval, session: unknown, now = new Date()) => {
  if (!sessionValid(link, session, now)) {
    throw new AppError("UNAUTHENTICATED", "Enter the code we emailed you first (this browser has not confirmed it, or it was more than 2 hours ago). Reload the page.");
  }
};

/**
 * Mails a new 6-digit code (the previous one stops working), at most MAX_CODES_PER_LINK per link.
 * Only the code's HMAC is stored. Returns the outbox id to deliver after the commit.
 */
export async function issueCode(tx: Tx, link: LinkedClientApproval, request: RequestMeta, now = new Date()) {
  if (link.codesSent >= MAX_CODES_PER_LINK) throw new AppError("CONFLICT", `No more codes can be sent for this link. Ask ${link.org.name} to send you a new link.`);
  const code = newCode();
  const updated = await tx.clientApprovalLink.update({
    where: { id: link.id, orgId: link.orgId },
    data: { codeHash: hashCode(link.id, code), codeSentAt: now, codeExpiresAt: codeExpiry(now), codesSent: { increment: 1 } },
  });
  const mail = await queueMail(tx, {
    to: openApproverEmail(link.approver),
    subject: `Your code to review a post for ${link.org.name}`,
    text:
      `Your code is ${code}\n\nEnter it on the page you opened from ${link.org.name}'s approval link. It works for 15 minutes.\n\n` +
      `If you did not open an approval link just now, ignore this message: nobody can use the link without the code.`,
  }, request);
  await recordAuditEvent(tx, {
    orgId: link.orgId, ...linkActor(link, request), action: "client_approval.code_sent", targetType: "Post", targetId: link.postId,
    metadata: { linkId: link.id, codesSent: updated.codesSent },
  });
  return { mailId: mail.id, link: { ...link, ...updated } };
}

/** What the code page shows: where the code went (masked), until when, and what is left. */
export function codeView(link: LinkedClientApproval, now = new Date()) {
  const live = !!link.codeHash && !!link.codeExpiresAt && link.codeExpiresAt > now;
  return {
    stage: "code" as const,
    orgName: link.org.name,
    approverName: link.approver.name,
    maskedEmail: maskAddress(openApproverEmail(link.approver)),
    codeSentAt: live ? link.codeSentAt : null,
    codeExpiresAt: live ? link.codeExpiresAt : null,
    resendAt: nextCodeAt(link.codeSentAt, now),
    codesLeft: MAX_CODES_PER_LINK - link.codesSent,
    attemptsLeft: MAX_CODE_ATTEMPTS - link.attempts,
    linkExpiresAt: link.expiresAt,
  };
}
export type ClientCodeView = ReturnType<typeof codeView>;
