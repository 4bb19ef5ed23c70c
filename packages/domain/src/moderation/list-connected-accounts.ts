import type { Channel, ConnectedAccountStatus } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { accountStatusWords } from "./account-status-words";

export interface ConnectedAccountView {
  id: string;
  platform: Channel;
  externalId: string;
  name: string;
  status: ConnectedAccountStatus;
  /** The status in plain words, with what to do about it. */
  explanation: string;
  lastErrorCode: string | null;
  tokenExpiresAt: Date | null;
  lastCheckedAt: Date | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
}

/** The org's connected accounts for the accounts page (never a token). Admins may also manage them. */
export async function listConnectedAccounts(ctx: TenantContext): Promise<{ accounts: ConnectedAccountView[]; mayManage: boolean }> {
  assertCan(ctx, "accounts.view");
  const rows = await ctx.db.connectedAccount.findMany({
    where: { orgId: ctx.org.id },
    orderBy: [{ disconnectedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }, { platform: "asc" }],
    select: { id: true, platform: true, externalId: true, name: true, status: true, lastErrorCode: true, tokenExpiresAt: true, lastCheckedAt: true, createdAt: true, disconnectedAt: true },
  });
  return {
    mayManage: can(ctx, "accounts.manage"),
    accounts: rows.map(({ createdAt, ...r }) => ({ ...r, connectedAt: createdAt, explanation: accountStatusWords(r.status, r.lastErrorCode, r.platform) })),
  };
}
