import { linkedinEnv, type LinkedInEnv } from "@vetted/config";
import { z } from "zod";
import { grantOf, postTokenForm, splitScopes, tokenResponseSchema, type OAuthGrant } from "./oauth-http";
import { PlatformError } from "./platform-error";

// LinkedIn's 3-legged OAuth 2.0 (authorization code): the consent page, the code exchange and the
// refresh (client id and secret in the form body), and token introspection for the account check.
// Access tokens last 60 days; a refresh token (a year) comes only to apps LinkedIn grants it to.

export interface LinkedInOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** The consent page, "https://www.linkedin.com/oauth/v2/authorization". */
  authorizeUrl: string;
  /** Base of /oauth/v2/accessToken and /oauth/v2/introspectToken, "https://www.linkedin.com". */
  authBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface LinkedInTokenInfo {
  active: boolean;
  /** LinkedIn's status when given: active, expired or revoked. */
  status?: "active" | "expired" | "revoked";
  expiresAt: Date | null;
  scopes: string[];
}

const introspectionSchema = z.object({
  active: z.boolean(),
  status: z.enum(["active", "expired", "revoked"]).optional().catch(undefined),
  expires_at: z.number().int().nonnegative().optional(),
  scope: z.string().optional(),
});

/** A query string with spaces as %20 (LinkedIn's scope list is space-separated). */
const query = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

export class LinkedInOAuth {
  private readonly now: () => number;
  private readonly base: string;

  constructor(private readonly options: LinkedInOAuthOptions) {
    this.now = options.now ?? Date.now;
    this.base = options.authBase.replace(/\/+$/, "");
  }

  /** Where the admin's browser goes; `state` is the unguessable single-use value bound to their session. */
  authorizeUrl(state: string, redirectUri: string, scopes: readonly string[]): string {
    const url = new URL(this.options.authorizeUrl);
    const extra = query({ response_type: "code", client_id: this.options.clientId, redirect_uri: redirectUri, state, scope: scopes.join(" ") });
    return `${url.origin}${url.pathname}?${url.search ? `${url.search.slice(1)}&` : ""}${extra}`;
  }

  /** The code from the redirect → a member token (60 days), with a refresh token when LinkedIn grants one. */
  async exchangeCode(code: string, redirectUri: string): Promise<OAuthGrant> {
    const form = { grant_type: "authorization_code", code, redirect_uri: redirectUri, ...this.client() };
    return grantOf(await this.post("exchangeCode", "/oauth/v2/accessToken", form, tokenResponseSchema), this.now());
  }

  /** A new access token for a refresh token (LinkedIn keeps the refresh token's original end). */
  async refresh(refreshToken: string): Promise<OAuthGrant> {
    const form = { grant_type: "refresh_token", refresh_token: refreshToken, ...this.client() };
    return grantOf(await this.post("refreshToken", "/oauth/v2/accessToken", form, tokenResponseSchema), this.now());
  }

  /** Whether a token is active, when it expires and what it may do (asked with the app's credentials). */
  async introspect(token: string): Promise<LinkedInTokenInfo> {
    const res = await this.post("introspectToken", "/oauth/v2/introspectToken", { token, ...this.client() }, introspectionSchema);
    return { active: res.active, ...(res.status ? { status: res.status } : {}), expiresAt: res.expires_at ? new Date(res.expires_at * 1000) : null, scopes: splitScopes(res.scope) };
  }

  private client() {
    return { client_id: this.options.clientId, client_secret: this.options.clientSecret };
  }

  private post<S extends z.ZodType>(operation: string, path: string, form: Record<string, string>, schema: S) {
    return postTokenForm(operation, this.base + path, form, schema, { timeoutMs: this.options.timeoutMs ?? 10_000, fetch: this.options.fetch });
  }
}

/** The client from LINKEDIN_* (see packages/config/src/platform-env.ts); PERMISSION when LinkedIn is not configured. */
export function linkedinOAuthFromEnv(env: LinkedInEnv = linkedinEnv(), overrides: Partial<LinkedInOAuthOptions> = {}): LinkedInOAuth {
  const clientId = overrides.clientId ?? env.LINKEDIN_CLIENT_ID;
  const clientSecret = overrides.clientSecret ?? env.LINKEDIN_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new PlatformError("PERMISSION", "linkedinOAuth");
  return new LinkedInOAuth({ authorizeUrl: env.LINKEDIN_OAUTH_URL, authBase: env.LINKEDIN_AUTH_BASE, timeoutMs: env.LINKEDIN_TIMEOUT_MS, ...overrides, clientId, clientSecret });
}

/** The client from LINKEDIN_*, or null when LinkedIn is not configured (its accounts then get no refresh and no check). */
export function linkedinOAuthOrNull(env?: LinkedInEnv): LinkedInOAuth | null {
  try {
    return linkedinOAuthFromEnv(env);
  } catch (error) {
    if (error instanceof PlatformError) return null;
    throw error;
  }
}
