import type { Ctx } from "./context";
import { redirectTarget, sendJson, str } from "./http";
import { LiError } from "./linkedin";
import { LI_MEMBER, type LinkedInSim } from "./linkedin-state";

// LinkedIn's 3-legged OAuth 2.0 (www.linkedin.com/oauth/v2/…, same port and clock): the consent page
// (auto-approving as LI_MEMBER; ?deny=1 declines), the code and refresh exchanges (client id and
// secret in the form), token introspection, and under /rest the member's organization ACLs and the
// organizations' names. Access tokens last 60 days, refresh tokens a year (LinkedIn keeps the
// refresh token's original end on refresh), codes 30 minutes and once.

const CODE_SECONDS = 30 * 60;
const ACCESS_SECONDS = 60 * 86_400;
const REFRESH_SECONDS = 365 * 86_400;

class OAuthError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

/** /oauth/v2/…: OAuth-shaped errors ({error, error_description}). */
export function handleLinkedInOAuth(ctx: Ctx): void {
  const li = ctx.sim.linkedin;
  try {
    const [, , what, ...extra] = ctx.segments;
    if (extra.length) throw new OAuthError(404, "not_found", "No such endpoint");
    if (what === "authorization" && ctx.method === "GET") return authorize(ctx, li);
    if (what === "accessToken" && ctx.method === "POST") return accessToken(ctx, li);
    if (what === "introspectToken" && ctx.method === "POST") return introspect(ctx, li);
    throw new OAuthError(404, "not_found", "No such endpoint");
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    sendJson(ctx.res, error.status, { error: error.error, error_description: error.message });
  }
}

function checkClient(ctx: Ctx, li: LinkedInSim, needSecret: boolean): void {
  if (str(ctx.params.client_id) !== li.clientId) throw new OAuthError(401, "invalid_client", "Client authentication failed");
  if (needSecret && str(ctx.params.client_secret) !== li.clientSecret) throw new OAuthError(401, "invalid_client", "Client authentication failed");
}

function authorize(ctx: Ctx, li: LinkedInSim): void {
  checkClient(ctx, li, false);
  if (str(ctx.params.response_type) !== "code") throw new OAuthError(400, "invalid_request", "response_type must be code");
  const parsed = redirectTarget(ctx.params);
  if ("problem" in parsed) throw new OAuthError(400, "invalid_request", parsed.problem);
  const { redirect, target } = parsed;
  if (ctx.params.deny !== undefined) {
    target.searchParams.set("error", "user_cancelled_authorize");
    target.searchParams.set("error_description", "The user cancelled the authorization");
  } else {
    const scopes = (str(ctx.params.scope) ?? "").split(/[\s,]+/).filter(Boolean);
    target.searchParams.set("code", li.tokens.mint({ k: "c", sub: LI_MEMBER, scopes, exp: li.clock.nowSeconds() + CODE_SECONDS, ru: redirect }));
  }
  const state = str(ctx.params.state);
  if (state) target.searchParams.set("state", state);
  ctx.res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
}

function accessToken(ctx: Ctx, li: LinkedInSim): void {
  checkClient(ctx, li, true);
  const now = li.clock.nowSeconds();
  const grant = str(ctx.params.grant_type);
  if (grant === "refresh_token") {
    const refresh = str(ctx.params.refresh_token) ?? "";
    const claims = li.tokens.read(refresh);
    if (!claims || claims.k !== "r" || li.revoked.has(refresh) || claims.exp <= now) throw new OAuthError(400, "invalid_grant", "The provided refresh token is invalid, expired or revoked");
    const access = li.tokens.mint({ k: "u", sub: claims.sub, scopes: claims.scopes, exp: now + ACCESS_SECONDS });
    return sendJson(ctx.res, 200, { access_token: access, expires_in: ACCESS_SECONDS, refresh_token: refresh, refresh_token_expires_in: claims.exp - now, scope: claims.scopes.join(",") });
  }
  if (grant !== "authorization_code") throw new OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  const code = str(ctx.params.code) ?? "";
  const claims = li.tokens.read(code);
  if (!claims || claims.k !== "c") throw new OAuthError(400, "invalid_request", "Unable to retrieve access token: authorization code not found");
  if (claims.ru !== str(ctx.params.redirect_uri)) throw new OAuthError(400, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code");
  if (claims.exp <= now) throw new OAuthError(400, "invalid_request", "Unable to retrieve access token: authorization code expired");
  if (li.usedCodes.has(code)) throw new OAuthError(400, "invalid_request", "Unable to retrieve access token: authorization code already used");
  li.usedCodes.add(code);
  sendJson(ctx.res, 200, {
    access_token: li.tokens.mint({ k: "u", sub: claims.sub, scopes: claims.scopes, exp: now + ACCESS_SECONDS }),
    expires_in: ACCESS_SECONDS,
    refresh_token: li.tokens.mint({ k: "r", sub: claims.sub, scopes: claims.scopes, exp: now + REFRESH_SECONDS }),
    refresh_token_expires_in: REFRESH_SECONDS,
    scope: claims.scopes.join(","),
  });
}

function introspect(ctx: Ctx, li: LinkedInSim): void {
  checkClient(ctx, li, true);
  const token = str(ctx.params.token) ?? "";
  const claims = li.tokens.read(token);
  if (!claims || claims.k === "c") return sendJson(ctx.res, 200, { active: false });
  const now = li.clock.nowSeconds();
  const status = li.revoked.has(token) ? "revoked" : claims.exp && claims.exp <= now ? "expired" : "active";
  sendJson(ctx.res, 200, {
    active: status === "active", status, client_id: li.clientId, auth_type: "3L", scope: claims.scopes.join(","),
    ...(claims.exp ? { expires_at: claims.exp } : {}),
  });
}

/** GET /rest/organizationAcls?q=roleAssignee and GET /rest/organizations/{id}, for an authenticated token. */
export function organizationsApi(ctx: Ctx, li: LinkedInSim, access: { orgs: string[]; scopes: string[] }): void {
  const [, resource, id, ...extra] = ctx.segments;
  if (ctx.method !== "GET" || extra.length) throw new LiError(405, "METHOD_NOT_ALLOWED", "Method not allowed");
  if (!access.scopes.includes("rw_organization_admin") && !access.scopes.includes("r_organization_admin")) throw new LiError(403, "ACCESS_DENIED", "Not enough permissions to access: organizationAcls");
  if (resource === "organizationAcls") {
    if (id || str(ctx.params.q) !== "roleAssignee") throw new LiError(400, "ILLEGAL_ARGUMENT", "The simulator supports q=roleAssignee only");
    const role = str(ctx.params.role);
    const state = str(ctx.params.state);
    const elements = access.orgs
      .map((organization) => ({ organization, role: "ADMINISTRATOR", roleAssignee: LI_MEMBER, state: "APPROVED" }))
      .filter((e) => (!role || e.role === role) && (!state || e.state === state));
    return sendJson(ctx.res, 200, { elements, paging: { start: 0, count: elements.length, total: elements.length, links: [] } });
  }
  const org = li.orgs.get(`urn:li:organization:${id ?? ""}`);
  if (!id || !org) throw new LiError(404, "NOT_FOUND", "Organization not found");
  sendJson(ctx.res, 200, { id: Number(id), localizedName: org.name, vanityName: org.name.toLowerCase().replace(/\W+/g, "-") });
}
