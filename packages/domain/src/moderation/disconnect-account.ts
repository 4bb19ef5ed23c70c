import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings } from "../policy/propose-policy-version-from-settings";

export const disconnectAccountSchema = z.object({ accountId: z.uuid({ message: "accountId must be an account id" }) });

/**
 * An admin disconnects an account: its token envelope is cleared (Vetted can no longer act on the
 * Page), it is REVOKED so webhooks for it are stored but not processed, and pending moderation
 * actions wait (the dispatcher sends for ACTIVE accounts only). The row and its comments stay.
 */
export async function disconnectAccount(ctx: TenantContext, input: unknown): Promise<{ disconnected: boolean }> {
  assertCan(ctx, "accounts.manage");
  const { accountId } = parseInput(disconnectAccountSchema, input);
  return ctx.db.$transaction(async (tx) => {
    // The manual's scope lists the connected platforms (issue 13): its lock comes before the audit chain's.
    await lockManual(tx, ctx.org.id);
    const account = await tx.connectedAccount.findFirst({ where: { id: accountId, orgId: ctx.org.id }, select: { id: true, platform: true, externalId: true, disconnectedAt: true } });
    if (!account) throw new AppError("NOT_FOUND", "No such connected account");
    if (account.disconnectedAt) return { disconnected: false };
    await tx.connectedAccount.update({
      where: { id: account.id, orgId: ctx.org.id },
      data: { status: "REVOKED", lastErrorCode: "DISCONNECTED", tokenCipher: null, tokenExpiresAt: null, refreshTokenCipher: null, refreshTokenExpiresAt: null, disconnectedAt: new Date() },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "account.disconnected", targetType: "ConnectedAccount", targetId: account.id,
      metadata: { platform: account.platform, externalId: account.externalId }, request: ctx.request,
    });
    await proposePolicyVersionFromSettings(tx, { orgId: ctx.org.id, actorId: ctx.user.id, what: "accounts", request: ctx.request });
    return { disconnected: true };
  });
}
