import { randomUUID } from "node:crypto";
import { ANY_ORG, db, type Channel, type Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { lockManual } from "../policy/policy-records";
import { proposePolicyVersionFromSettings } from "../policy/propose-policy-version-from-settings";
import { sealField } from "./moderation-crypto";

// Stores one account an admin connected (any platform): created, or the same (platform, externalId)
// of this org updated with the new token (a reconnect). Tokens only as envelopes, and only the
// platform, the external id and the scopes in the audit. Not a use case of its own: the connect
// flows (connect-meta-pages.ts, connect-linkedin-orgs.ts, connect-x-account.ts) call it.

export interface ConnectedSummary {
  id: string;
  platform: Channel;
  externalId: string;
  name: string;
  reconnected: boolean;
}

export interface AccountToStore {
  platform: Channel;
  externalId: string;
  name: string;
  /** Store encrypted, never log. */
  accessToken: string;
  tokenExpiresAt: Date | null;
  scopes: string[];
  refreshToken?: string;
  refreshExpiresAt?: Date | null;
}

/**
 * Which of these (platform, externalId) another org has already connected: (platform, externalId) is
 * unique across orgs, so an account belongs to one org at a time. Answers the external ids.
 */
export async function connectedElsewhere(ctx: TenantContext, accounts: { platform: Channel; externalId: string }[]): Promise<Set<string>> {
  if (accounts.length === 0) return new Set();
  // Cross-org on purpose, ids only: the other org's row must be seen (through db(), since ctx.db is bound to this org).
  const rows = await db().connectedAccount.findMany({
    where: { orgId: ANY_ORG, OR: accounts.map((a) => ({ platform: a.platform, externalId: a.externalId })) },
    select: { orgId: true, externalId: true },
  });
  return new Set(rows.filter((r) => r.orgId !== ctx.org.id).map((r) => r.externalId));
}

export async function storeConnectedAccount(tx: Tx, ctx: TenantContext, a: AccountToStore): Promise<ConnectedSummary> {
  // The manual's scope lists the connected platforms (issue 13): its lock comes before the audit chain's,
  // so callers call this first in their transaction.
  await lockManual(tx, ctx.org.id);
  const existing = await tx.connectedAccount.findFirst({ where: { orgId: ctx.org.id, platform: a.platform, externalId: a.externalId }, select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const data = {
    name: a.name, tokenCipher: sealField(a.accessToken, "connected-account", ctx.org.id, id, "token"), tokenExpiresAt: a.tokenExpiresAt,
    refreshTokenCipher: a.refreshToken ? sealField(a.refreshToken, "connected-account", ctx.org.id, id, "refresh") : null,
    refreshTokenExpiresAt: a.refreshToken ? (a.refreshExpiresAt ?? null) : null,
    scopes: a.scopes, status: "ACTIVE" as const, lastErrorCode: null, lastCheckedAt: new Date(), disconnectedAt: null,
  };
  if (existing) await tx.connectedAccount.update({ where: { id, orgId: ctx.org.id }, data });
  else await tx.connectedAccount.create({ data: { id, orgId: ctx.org.id, platform: a.platform, externalId: a.externalId, createdById: ctx.user.id, ...data } });
  await recordAuditEvent(tx, {
    orgId: ctx.org.id, actorId: ctx.user.id, action: "account.connected", targetType: "ConnectedAccount", targetId: id,
    metadata: { platform: a.platform, externalId: a.externalId, reconnected: Boolean(existing), scopes: a.scopes.slice(0, 50), refreshable: Boolean(a.refreshToken) },
    request: ctx.request,
  });
  await proposePolicyVersionFromSettings(tx, { orgId: ctx.org.id, actorId: ctx.user.id, what: "accounts", request: ctx.request });
  return { id, platform: a.platform, externalId: a.externalId, name: a.name, reconnected: Boolean(existing) };
}
