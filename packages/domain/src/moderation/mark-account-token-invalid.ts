import type { Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { notifyUsers } from "../notifications/notify";
import type { RequestOrigin } from "../request-origin";

/**
 * The platform refused the account's token (expired, revoked, password changed): the account is
 * EXPIRED (or REVOKED, when check-connected-accounts.ts knows it was revoked) until an admin reconnects it, and the org's admins are told, once (only the change from
 * ACTIVE notifies). Pending moderation actions wait: the dispatcher only sends for ACTIVE accounts.
 * Returns the mail ids to deliver after the commit. `origin`: the job's payload when a webhook delivery's
 * job found out, so the admins' mails name that request.
 */
export async function markAccountTokenInvalid(
  tx: Tx, orgId: string, accountId: string, errorCode = "TOKEN_INVALID", status: "EXPIRED" | "REVOKED" = "EXPIRED", origin?: RequestOrigin,
): Promise<string[]> {
  const changed = await tx.connectedAccount.updateMany({
    where: { id: accountId, orgId, status: "ACTIVE" },
    data: { status, lastErrorCode: errorCode, lastCheckedAt: new Date() },
  });
  if (changed.count === 0) return [];
  const [org, admins, account] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } }),
    tx.membership.findMany({ where: { orgId, role: "ADMIN" }, select: { userId: true } }),
    tx.connectedAccount.findFirstOrThrow({ where: { id: accountId, orgId }, select: { platform: true } }),
  ]);
  await recordAuditEvent(tx, {
    ...WORKER_ACTOR, orgId, action: "account.token_invalid", targetType: "ConnectedAccount", targetId: accountId,
    metadata: { platform: account.platform, errorCode, status, notified: admins.length },
  });
  return notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "account_disconnected", userIds: admins.map((a) => a.userId), request: origin });
}
