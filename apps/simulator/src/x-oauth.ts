import { createHash, timingSafeEqual } from "node:crypto";
import type { Ctx } from "./context";
import { redirectTarget, sendJson, str } from "./http";
import type { XSim } from "./x-state";

// X's OAuth 2.0 Authorization Code flow with PKCE (x.com/i/oauth2/authorize and api.x.com/2/oauth2/token,
// same port and clock): the consent page auto-approves as the first connectable account (or the sim-only
// ?login_as=<user id>; ?deny=1 declines) and requires an S256 challenge; the token endpoint takes the
// confidential client's HTTP Basic credentials, checks the redirect URI and the code_verifier, and
// rotates refresh tokens (a used one is refused). Access tokens last 2 hours, refresh tokens 180
// days (move the clock to expire them), codes 30 seconds and once.

const CODE_SECONDS = 30;
const ACCESS_SECONDS = 2 * 3600;
const REFRESH_SECONDS = 180 * 86_400;

class OAuthError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

const send = (ctx: Ctx, e: OAuthError) => sendJson(ctx.res, e.status, { error: e.error, error_description: e.message });

/** GET /i/oauth2/authorize → 302 to redirect_uri with code and state (or error=access_denied). */
export function xAuthorize(ctx: Ctx): void {
  const x = ctx.sim.x;
  try {
    if (ctx.method !== "GET" || ctx.segments[2] !== "authorize" || ctx.segments.length !== 3) throw new OAuthError(404, "not_found", "No such endpoint");
    if (str(ctx.params.client_id) !== x.client.id) throw new OAuthError(400, "invalid_request", "Value passed for the client_id was invalid.");
    if (str(ctx.params.response_type) !== "code") throw new OAuthError(400, "invalid_request", "response_type must be code");
    const challenge = str(ctx.params.code_challenge);
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || str(ctx.params.code_challenge_method) !== "S256") throw new OAuthError(400, "invalid_request", "The simulator requires an S256 code_challenge");
    const parsed = redirectTarget(ctx.params);
    if ("problem" in parsed) throw new OAuthError(400, "invalid_request", parsed.problem);
    const { redirect, target } = parsed;
    if (ctx.params.deny !== undefined) {
      target.searchParams.set("error", "access_denied");
    } else {
      const login = str(ctx.params.login_as) ?? [...x.users.values()].find((u) => u.account)?.id;
      if (!login || !x.users.get(login)?.account) throw new OAuthError(400, "invalid_request", "login_as must be a connectable account (POST /_sim/x/accounts)");
      const scopes = (str(ctx.params.scope) ?? "").split(/\s+/).filter(Boolean);
      target.searchParams.set("code", x.tokens.mint({ k: "c", sub: login, scopes, exp: x.clock.nowSeconds() + CODE_SECONDS, ru: redirect, cc: challenge }));
    }
    const state = str(ctx.params.state);
    if (state) target.searchParams.set("state", state);
    ctx.res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    send(ctx, error);
  }
}

function checkBasic(ctx: Ctx, x: XSim): void {
  const header = String(ctx.req.headers.authorization ?? "");
  const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(x.client.id)}:${encodeURIComponent(x.client.secret)}`).toString("base64")}`);
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new OAuthError(401, "unauthorized_client", "Missing valid authorization header");
}

/** POST /2/oauth2/token: grant_type=authorization_code (with code_verifier) or refresh_token (rotating). */
export function xToken(ctx: Ctx, x: XSim): void {
  try {
    checkBasic(ctx, x);
    const now = x.clock.nowSeconds();
    const grant = str(ctx.params.grant_type);
    if (grant === "refresh_token") {
      const refresh = str(ctx.params.refresh_token) ?? "";
      const claims = x.tokens.read(refresh);
      if (!claims || claims.k !== "r" || claims.exp <= now || x.revoked.has(refresh) || x.usedRefreshTokens.has(refresh)) throw new OAuthError(400, "invalid_request", "Value passed for the token was invalid.");
      x.usedRefreshTokens.add(refresh);
      // A permission the user took back is not in the new grant (nor in its `scope`).
      return issue(ctx, x, claims.sub, x.grantedScopes(claims.sub, claims.scopes), now);
    }
    if (grant !== "authorization_code") throw new OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    const code = str(ctx.params.code) ?? "";
    const claims = x.tokens.read(code);
    const verifier = str(ctx.params.code_verifier) ?? "";
    if (!claims || claims.k !== "c" || claims.exp <= now || x.usedCodes.has(code)) throw new OAuthError(400, "invalid_request", "Value passed for the authorization code was invalid.");
    if (claims.ru !== str(ctx.params.redirect_uri)) throw new OAuthError(400, "invalid_request", "Value passed for the redirect uri did not match the uri of the authorization code.");
    // Spent by any attempt, as on X: a wrong verifier does not leave the code for a second try.
    x.usedCodes.add(code);
    if (createHash("sha256").update(verifier, "ascii").digest("base64url") !== claims.cc) throw new OAuthError(400, "invalid_request", "Value passed for the code_verifier was invalid.");
    issue(ctx, x, claims.sub, claims.scopes, now);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    send(ctx, error);
  }
}

function issue(ctx: Ctx, x: XSim, userId: string, scopes: string[], now: number): void {
  const access = x.tokens.mint({ k: "u", sub: userId, scopes, exp: now + ACCESS_SECONDS });
  const refresh = scopes.includes("offline.access") ? x.tokens.mint({ k: "r", sub: userId, scopes, exp: now + REFRESH_SECONDS }) : undefined;
  sendJson(ctx.res, 200, { token_type: "bearer", expires_in: ACCESS_SECONDS, access_token: access, scope: scopes.join(" "), ...(refresh ? { refresh_token: refresh } : {}) });
}
