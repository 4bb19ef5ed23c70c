import { authenticate, requireScope, resolve, type Ctx } from "./context";
import { errors, GraphError, redirectTarget, sendJson, str } from "./http";
import { DEMO_USER } from "./state";

// The OAuth dialog (auto-approving as the demo admin), code and long-lived token exchange, the
// user's Pages with their Page tokens, and debug_token.

const CODE_SECONDS = 10 * 60;
const SHORT_LIVED_SECONDS = 2 * 60 * 60;
const LONG_LIVED_SECONDS = 60 * 24 * 60 * 60;

function checkApp(ctx: Ctx, needSecret: boolean): void {
  if (str(ctx.params.client_id) !== ctx.sim.appId) throw new GraphError(400, 101, "Error validating application. Invalid application ID.");
  if (needSecret && str(ctx.params.client_secret) !== ctx.sim.appSecret) throw new GraphError(400, 101, "Error validating client secret.");
}

/** GET /dialog/oauth → 302 to redirect_uri with code and state (or error=access_denied with ?deny=1). */
export function dialog(ctx: Ctx): void {
  checkApp(ctx, false);
  const parsed = redirectTarget(ctx.params);
  if ("problem" in parsed) throw errors.param(parsed.problem);
  const { redirect, target } = parsed;
  const state = str(ctx.params.state);
  if (ctx.params.deny !== undefined) {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_reason", "user_denied");
    target.searchParams.set("error_description", "Permissions error");
  } else {
    const scopes = (str(ctx.params.scope) ?? "").split(/[,\s]+/).filter(Boolean);
    const code = ctx.sim.tokens.mint({ k: "c", sub: DEMO_USER.id, scopes, exp: ctx.sim.state.clock.nowSeconds() + CODE_SECONDS, ru: redirect });
    target.searchParams.set("code", code);
  }
  if (state) target.searchParams.set("state", state);
  ctx.res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
}

/** GET|POST /oauth/access_token: code → short-lived user token; grant_type=fb_exchange_token → long-lived. */
export function accessToken(ctx: Ctx): void {
  checkApp(ctx, true);
  const { sim } = ctx;
  const now = sim.state.clock.nowSeconds();
  if (str(ctx.params.grant_type) === "fb_exchange_token") {
    const short = str(ctx.params.fb_exchange_token);
    if (!short) throw errors.param("Missing parameter fb_exchange_token");
    const principal = resolve(sim, short);
    if (principal.kind !== "user") throw errors.invalidToken();
    const token = sim.tokens.mint({ k: "u", sub: principal.userId, scopes: principal.scopes, exp: now + LONG_LIVED_SECONDS, ll: true });
    return sendJson(ctx.res, 200, { access_token: token, token_type: "bearer", expires_in: LONG_LIVED_SECONDS });
  }
  const code = str(ctx.params.code);
  const claims = code ? sim.tokens.read(code) : null;
  if (!code || !claims || claims.k !== "c") throw new GraphError(400, 100, "Invalid verification code format.", 36008);
  if (claims.ru !== str(ctx.params.redirect_uri)) throw new GraphError(400, 100, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", 36008);
  if (claims.exp <= now) throw new GraphError(400, 100, "This authorization code has expired.", 36007);
  if (sim.state.usedCodes.has(code)) throw new GraphError(400, 100, "This authorization code has been used.", 36009);
  sim.state.usedCodes.add(code);
  const token = sim.tokens.mint({ k: "u", sub: claims.sub, scopes: claims.scopes, exp: now + SHORT_LIVED_SECONDS });
  sendJson(ctx.res, 200, { access_token: token, token_type: "bearer", expires_in: SHORT_LIVED_SECONDS });
}

/** GET /me: the token's user or Page. */
export function me(ctx: Ctx): void {
  const principal = authenticate(ctx);
  if (principal.kind === "user") return sendJson(ctx.res, 200, { id: principal.userId, name: DEMO_USER.name });
  if (principal.kind === "page") return sendJson(ctx.res, 200, { id: principal.pageId, name: ctx.sim.state.pages.get(principal.pageId)?.name ?? "" });
  throw errors.param("An active access token must be used to query information about the current user.");
}

/**
 * GET /me/accounts: every Page with a Page token carrying the user's scopes. As on Meta, a Page token
 * read with a long-lived user token never expires; one read with a short-lived token expires with it.
 */
export function accounts(ctx: Ctx): void {
  const principal = authenticate(ctx);
  if (principal.kind !== "user") throw errors.param("This endpoint requires a user access token");
  requireScope(principal, "pages_show_list");
  const data = [...ctx.sim.state.pages.values()].map((page) => ({
    id: page.id,
    name: page.name,
    access_token: ctx.sim.tokens.mint({ k: "p", sub: page.id, scopes: principal.scopes, exp: principal.longLived ? 0 : principal.exp }),
    category: "Medical & health",
    tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
    ...(page.igUserId ? { instagram_business_account: { id: page.igUserId } } : {}),
  }));
  sendJson(ctx.res, 200, { data, paging: { cursors: { before: "MA", after: "MA" } } });
}

/** GET /debug_token?input_token=… with the app token. */
export function debugToken(ctx: Ctx): void {
  const principal = authenticate(ctx);
  if (principal.kind !== "app") throw errors.param("You must provide an app access token, or a user access token that is an owner or developer of the app");
  const input = str(ctx.params.input_token);
  if (!input) throw errors.param("The parameter input_token is required");
  const claims = ctx.sim.tokens.read(input);
  const base = { app_id: ctx.sim.appId, application: "Vetted (simulated)" };
  if (!claims || claims.k === "c") return sendJson(ctx.res, 200, { data: { ...base, is_valid: false, scopes: [], error: { code: 190, message: "Invalid OAuth access token." } } });
  let error: { code: number; subcode: number; message: string } | undefined;
  if (ctx.sim.state.revokedTokens.has(input)) error = { code: 190, subcode: 460, message: "The session has been invalidated." };
  else if (claims.exp && claims.exp <= ctx.sim.state.clock.nowSeconds()) error = { code: 190, subcode: 463, message: "Session has expired." };
  const data = {
    ...base,
    type: claims.k === "p" ? "PAGE" : "USER",
    is_valid: !error,
    expires_at: claims.exp,
    data_access_expires_at: claims.exp ? claims.exp + 30 * 86_400 : 0,
    scopes: claims.scopes,
    user_id: claims.k === "p" ? DEMO_USER.id : claims.sub,
    ...(claims.k === "p" ? { profile_id: claims.sub } : {}),
    ...(error ? { error } : {}),
  };
  sendJson(ctx.res, 200, { data });
}
