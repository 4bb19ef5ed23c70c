import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { CONNECT_STATE_TTL_MS, META_CONNECT_SCOPES, metaOf, newConnectState, redirectUriOf, type ConnectDeps } from "./account-connect";

export const startAccountConnectSchema = z.object({
  platform: z.enum(["FACEBOOK"], { message: "platform must be FACEBOOK (Instagram comes with its Facebook Page)" }).default("FACEBOOK"),
});

/**
 * An admin starts connecting a Facebook Page (and its Instagram account): a single-use state bound
 * to this org and this admin is stored (hashed), and the browser goes to Meta's consent dialog.
 */
export async function startAccountConnect(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ authorizeUrl: string; expiresAt: Date }> {
  assertCan(ctx, "accounts.manage");
  const { platform } = parseInput(startAccountConnectSchema, input ?? {});
  const { state, stateHash } = newConnectState();
  const expiresAt = new Date(Date.now() + CONNECT_STATE_TTL_MS);
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.accountConnectState.create({ data: { orgId: ctx.org.id, userId: ctx.user.id, platform, stateHash, expiresAt } });
    await recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "account.connect_started", targetType: "AccountConnectState", targetId: row.id, metadata: { platform }, request: ctx.request });
  });
  return { authorizeUrl: metaOf(deps).oauthAuthorizeUrl(state, redirectUriOf(deps), META_CONNECT_SCOPES), expiresAt };
}
