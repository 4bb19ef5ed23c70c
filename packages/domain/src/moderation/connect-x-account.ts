import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { connectFailure, redirectUriOf, X_CONNECT_SCOPES, xOAuthOf, xOf, type ConnectDeps } from "./account-connect";
import type { CompleteConnectResult } from "./complete-account-connect";
import { connectedElsewhere, storeConnectedAccount } from "./store-connected-account";

// X's side of connecting (complete-account-connect.ts): the code and the PKCE verifier become an
// access token (2 hours) and a refresh token; the account is the token's own user (GET /2/users/me).
// Both tokens are stored encrypted; x-account-token.ts refreshes them before they expire.

export async function completeXConnect(ctx: TenantContext, id: string, code: string, verifier: string, deps: ConnectDeps): Promise<CompleteConnectResult> {
  const { grant, me } = await (async () => {
    const g = await xOAuthOf(deps).exchangeCode(code, redirectUriOf(deps, "X"), verifier);
    return { grant: g, me: await xOf(deps).getMe(g.accessToken) };
  })().catch((e: unknown) => connectFailure(e, "code", "X"));
  const elsewhere = await connectedElsewhere(ctx, [{ platform: "X", externalId: me.id }]);
  if (elsewhere.size > 0) throw new AppError("CONFLICT", "This X account is already connected to another organization in Vetted; disconnect it there first", { code: ["CONNECTED_ELSEWHERE"] });
  const scopes = grant.scopes.length ? grant.scopes : [...X_CONNECT_SCOPES];
  const account = await ctx.db.$transaction((tx) =>
    storeConnectedAccount(tx, ctx, {
      platform: "X", externalId: me.id, name: `@${me.username}`, accessToken: grant.accessToken, tokenExpiresAt: grant.expiresAt, scopes,
      ...(grant.refreshToken ? { refreshToken: grant.refreshToken, refreshExpiresAt: grant.refreshExpiresAt ?? null } : {}),
    }),
  );
  await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id }, data: { completedAt: new Date() } });
  return { status: "connected", accounts: [account] };
}
