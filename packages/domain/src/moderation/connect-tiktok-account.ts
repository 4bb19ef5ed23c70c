import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { connectFailure, redirectUriOf, TIKTOK_CONNECT_SCOPES, tiktokOAuthOf, tiktokOf, type ConnectDeps } from "./account-connect";
import type { CompleteConnectResult } from "./complete-account-connect";
import { connectedElsewhere, storeConnectedAccount } from "./store-connected-account";

// TikTok's side of connecting (complete-account-connect.ts): the auth code becomes an access token
// (24 hours) and a refresh token (a year); the account is the grant's open_id (its business_id), named
// by its username (GET /business/get/). Both tokens are stored encrypted; tiktok-account-token.ts
// refreshes them before they expire.

export async function completeTikTokConnect(ctx: TenantContext, id: string, code: string, deps: ConnectDeps): Promise<CompleteConnectResult> {
  const { grant, profile } = await (async () => {
    const g = await tiktokOAuthOf(deps).exchangeCode(code, redirectUriOf(deps, "TIKTOK"));
    return { grant: g, profile: await tiktokOf(deps).getBusiness(g.accessToken, g.openId) };
  })().catch((e: unknown) => connectFailure(e, "code", "TIKTOK"));
  const elsewhere = await connectedElsewhere(ctx, [{ platform: "TIKTOK", externalId: grant.openId }]);
  if (elsewhere.size > 0) throw new AppError("CONFLICT", "This TikTok account is already connected to another organization in Vetted; disconnect it there first", { code: ["CONNECTED_ELSEWHERE"] });
  const scopes = grant.scopes.length ? grant.scopes : [...TIKTOK_CONNECT_SCOPES];
  const account = await ctx.db.$transaction((tx) =>
    storeConnectedAccount(tx, ctx, {
      platform: "TIKTOK", externalId: grant.openId, name: `@${profile.username}`, accessToken: grant.accessToken, tokenExpiresAt: grant.expiresAt, scopes,
      ...(grant.refreshToken ? { refreshToken: grant.refreshToken, refreshExpiresAt: grant.refreshExpiresAt ?? null } : {}),
    }),
  );
  await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id }, data: { completedAt: new Date() } });
  return { status: "connected", accounts: [account] };
}
