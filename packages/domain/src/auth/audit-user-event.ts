import { ANY_ORG, type Tx } from "@vetted/db";
import type { RequestMeta } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";

/**
 * Security events about a user (sign-in, failures, lockout, logoff) belong to every client org the
 * user can reach, so each org's trail is complete on its own. A user with no org, or an unknown
 * email, lands in the platform chain.
 */
export async function auditUserEvent(
  tx: Tx,
  userId: string | null,
  action: string,
  request: RequestMeta,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  const orgIds = userId
    ? (await tx.membership.findMany({ where: { userId, orgId: ANY_ORG }, select: { orgId: true } })).map((m) => m.orgId)
    : [];
  const targets: (string | null)[] = orgIds.length ? orgIds : [null];
  for (const orgId of targets) {
    await recordAuditEvent(tx, {
      orgId,
      actorId: userId,
      actorLabel: userId ? null : "anonymous",
      action,
      targetType: "User",
      targetId: userId,
      metadata,
      request,
    });
  }
}
