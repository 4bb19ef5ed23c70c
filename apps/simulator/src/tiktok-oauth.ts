import type { Ctx } from "./context";
import { redirectTarget, str } from "./http";
import { TikTokError, tiktokOk } from "./tiktok";
import { TIKTOK_ACCESS_SECONDS, TIKTOK_REFRESH_SECONDS, type TikTokSim } from "./tiktok-state";

// TikTok's OAuth for Business accounts: the consent page (www.tiktok.com/v2/auth/authorize/,
// client_key) auto-approves as the first account (or the sim-only ?login_as=<open_id>; ?deny=1
// declines) and redirects with code and state; POST /open_api/v1.3/tt_user/oauth2/token/ takes the
// app's client_id and client_secret in the JSON body with the auth_code and the same redirect_uri;
// /tt_user/oauth2/refresh_token/ rotates the refresh token (a used one is refused). Access tokens last
// 24 hours, refresh tokens a year (move the clock to expire them), codes 10 minutes and once.

const CODE_SECONDS = 600;

/** GET /v2/auth/authorize/ → 302 to redirect_uri with code and state (or error=access_denied). */
export function tiktokAuthorize(ctx: Ctx): void {
  const t = ctx.sim.tiktok;
  const fail = (message: string): void => void ctx.res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end(message);
  if (ctx.method !== "GET") return fail("No such endpoint");
  if (str(ctx.params.client_key) !== t.client.id) return fail("client_key is invalid");
  if (str(ctx.params.response_type) !== "code") return fail("response_type must be code");
  const parsed = redirectTarget(ctx.params);
  if ("problem" in parsed) return fail(parsed.problem);
  const { redirect, target } = parsed;
  if (ctx.params.deny !== undefined) {
    target.searchParams.set("error", "access_denied");
  } else {
    const login = str(ctx.params.login_as) ?? [...t.accounts.keys()][0];
    if (!login || !t.accounts.has(login)) return fail("login_as must be an account (POST /_sim/tiktok/accounts)");
    const scopes = (str(ctx.params.scope) ?? "").split(",").filter(Boolean);
    target.searchParams.set("code", t.tokens.mint({ k: "c", sub: login, scopes, exp: t.clock.nowSeconds() + CODE_SECONDS, ru: redirect }));
    target.searchParams.set("scopes", scopes.join(","));
  }
  const state = str(ctx.params.state);
  if (state) target.searchParams.set("state", state);
  ctx.res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
}

/** POST tt_user/oauth2/token/ (authorization_code) and tt_user/oauth2/refresh_token/ (refresh_token). */
export function tiktokToken(ctx: Ctx, t: TikTokSim, kind: "token" | "refresh_token"): void {
  if (str(ctx.params.client_id) !== t.client.id || str(ctx.params.client_secret) !== t.client.secret) throw new TikTokError(40001, "The app id or secret is invalid");
  const now = t.clock.nowSeconds();
  if (kind === "refresh_token") {
    const refresh = str(ctx.params.refresh_token) ?? "";
    const claims = t.tokens.read(refresh);
    if (str(ctx.params.grant_type) !== "refresh_token") throw new TikTokError(40002, "grant_type must be refresh_token");
    if (!claims || claims.k !== "r" || claims.exp <= now || t.revoked.has(refresh) || t.removedApp.has(claims.sub) || t.usedRefreshTokens.has(refresh)) throw new TikTokError(40002, "refresh_token is invalid");
    t.usedRefreshTokens.add(refresh);
    return issue(ctx, t, claims.sub, claims.scopes, now);
  }
  if (str(ctx.params.grant_type) !== "authorization_code") throw new TikTokError(40002, "grant_type must be authorization_code");
  const code = str(ctx.params.auth_code) ?? "";
  const claims = t.tokens.read(code);
  if (!claims || claims.k !== "c" || claims.exp <= now || t.usedCodes.has(code)) throw new TikTokError(40002, "auth_code is invalid");
  t.usedCodes.add(code);
  if (claims.ru !== str(ctx.params.redirect_uri)) throw new TikTokError(40002, "redirect_uri does not match the authorization's");
  t.removedApp.delete(claims.sub);
  issue(ctx, t, claims.sub, claims.scopes, now);
}

function issue(ctx: Ctx, t: TikTokSim, openId: string, scopes: string[], now: number): void {
  const access = t.tokens.mint({ k: "u", sub: openId, scopes, exp: now + TIKTOK_ACCESS_SECONDS });
  const refresh = t.tokens.mint({ k: "r", sub: openId, scopes, exp: now + TIKTOK_REFRESH_SECONDS });
  tiktokOk(ctx, {
    access_token: access, token_type: "Bearer", scope: scopes.join(","), expires_in: TIKTOK_ACCESS_SECONDS,
    refresh_token: refresh, refresh_token_expires_in: TIKTOK_REFRESH_SECONDS, open_id: openId,
  });
}
