import { randomUUID } from "node:crypto";
import { mailEnv } from "@vetted/config";
import type { Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { queueMail } from "../mail/send-mail";
import { openApproverEmail } from "./client-approver-crypto";
import { linkExpiry, newLinkToken } from "./client-link-rules";

export interface ClientLinkRequest {
  org: { id: string; name: string };
  post: { id: string; currentRevision: number };
  revisionId: string;
  /** Index of the CLIENT step the decision will count for. */
  step: number;
  approverIds: string[];
  /** The member who sent it from the post page; null when the workflow did (the post reached the step). */
  sentById: string | null;
  /** Who the audit names: the sender, or the member whose decision brought the post to the step. */
  actor: { actorId: string | null; actorLabel?: string };
  request?: RequestMeta;
}

function linkMail(orgName: string, approverName: string, url: string, expiresAt: Date) {
  const until = `${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return {
    subject: `${orgName}: please review a social media post before it is published`,
    text:
      `Hello ${approverName},\n\n${orgName} asks you to approve a social media post, or to ask for changes, before it is published.\n\n` +
      `Open this link to see the post and decide: ${url}\n\n` +
      `When you open it we email you a 6-digit code to confirm it is you. The link works once and expires on ${until}. ` +
      `If you did not expect this message, ignore it or contact ${orgName}.`,
  };
}

/**
 * A new single-use link, mailed, for each active approver named (inside the caller's transaction:
 * the rows, the outbox mails and the audit events commit with the change that sent them). An earlier
 * live link of the same approver for the same post stops working. The mail names the org only, never
 * anything of the post (it may hold PHI until approved). Returns the outbox ids to deliver after the
 * commit and the approvers who got a link (inactive ones are skipped).
 */
export async function issueClientApprovalLinks(tx: Tx, r: ClientLinkRequest, now = new Date()): Promise<{ mailIds: string[]; linkIds: string[] }> {
  const orgId = r.org.id;
  const approvers = await tx.clientApprover.findMany({ where: { orgId, id: { in: r.approverIds }, active: true }, orderBy: { name: "asc" } });
  if (approvers.length === 0) return { mailIds: [], linkIds: [] };
  const replaced = await tx.clientApprovalLink.updateMany({
    where: { orgId, postId: r.post.id, approverId: { in: approvers.map((a) => a.id) }, usedAt: null, voidedAt: null },
    data: { voidedAt: now, voidReason: "replaced by a newer link" },
  });
  const expiresAt = linkExpiry(now);
  const appUrl = mailEnv().APP_URL;
  const mailIds: string[] = [];
  const linkIds: string[] = [];
  for (const approver of approvers) {
    const { token, tokenHash } = newLinkToken();
    const id = randomUUID();
    await tx.clientApprovalLink.create({
      data: {
        id, orgId, postId: r.post.id, revisionId: r.revisionId, revision: r.post.currentRevision, step: r.step, approverId: approver.id,
        tokenHash, expiresAt, sentById: r.sentById, createdAt: now,
      },
    });
    const mail = await queueMail(tx, { to: openApproverEmail(approver), ...linkMail(r.org.name, approver.name, `${appUrl}/approve/${token}`, expiresAt) }, r.request);
    mailIds.push(mail.id);
    linkIds.push(id);
    await recordAuditEvent(tx, {
      orgId, ...r.actor, action: "client_approval.link_sent",
      targetType: "Post", targetId: r.post.id, request: r.request,
      metadata: { linkId: id, approverId: approver.id, automatic: r.sentById === null, revision: r.post.currentRevision, step: r.step + 1, expiresAt: expiresAt.toISOString(), replacedEarlierLinks: replaced.count },
    });
  }
  return { mailIds, linkIds };
}
