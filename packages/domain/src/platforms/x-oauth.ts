import { createHash, randomBytes } from "node:crypto";
import { xEnv, type XEnv } from "@vetted/config";
import { grantOf, postTokenForm, tokenResponseSchema, type OAuthGrant } from "./oauth-http";
import { PlatformError } from "./platform-error";

// X's OAuth 2.0 Authorization Code flow with PKCE, as a confidential client (HTTP Basic with the
// client id and secret on the token endpoint). Access tokens last 2 hours; with offline.access a
// refresh token comes too, and X replaces it on every refresh (the old one stops working).

export interface XOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** The consent page, "https://x.com/i/oauth2/authorize". */
  authorizeUrl: string;
  /** "https://api.x.com": the token endpoint is {apiBase}/2/oauth2/token. */
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~]; 32 random bytes make 43. */
export const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
export const newPkceVerifier = () => randomBytes(32).toString("base64url");
/** The S256 challenge: BASE64URL(SHA-256(verifier)), what travels in the URL instead of the verifier. */
export const pkceChallenge = (verifier: string) => createHash("sha256").update(verifier, "ascii").digest("base64url");

const query = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

export class XOAuth {
  private readonly now: () => number;

  constructor(private readonly options: XOAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Where the admin's browser goes: the state and the S256 challenge of a verifier kept server-side. */
  authorizeUrl(state: string, redirectUri: string, scopes: readonly string[], verifier: string): string {
    if (!PKCE_VERIFIER.test(verifier)) throw new PlatformError("INVALID_REQUEST", "authorizeUrl");
    const url = new URL(this.options.authorizeUrl);
    const extra = query({
      response_type: "code", client_id: this.options.clientId, redirect_uri: redirectUri, scope: scopes.join(" "), state,
      code_challenge: pkceChallenge(verifier), code_challenge_method: "S256",
    });
    return `${url.origin}${url.pathname}?${url.search ? `${url.search.slice(1)}&` : ""}${extra}`;
  }

  /** The code and the verifier it was asked with → an access token (2 hours) and a refresh token. */
  async exchangeCode(code: string, redirectUri: string, verifier: string): Promise<OAuthGrant> {
    const form = { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier, client_id: this.options.clientId };
    return this.post("exchangeCode", form);
  }

  /** A refresh token → a new access token and a NEW refresh token: store both at once, the old one is spent. */
  async refresh(refreshToken: string): Promise<OAuthGrant> {
    return this.post("refreshToken", { grant_type: "refresh_token", refresh_token: refreshToken, client_id: this.options.clientId });
  }

  private async post(operation: string, form: Record<string, string>): Promise<OAuthGrant> {
    const url = `${this.options.apiBase.replace(/\/+$/, "")}/2/oauth2/token`;
    const body = await postTokenForm(operation, url, form, tokenResponseSchema, {
      timeoutMs: this.options.timeoutMs ?? 10_000, fetch: this.options.fetch, basicAuth: { clientId: this.options.clientId, clientSecret: this.options.clientSecret },
    });
    return grantOf(body, this.now());
  }
}

/** True when X_CLIENT_ID and X_CLIENT_SECRET are set (always outside production). */
export const xOAuthConfigured = (env: XEnv = xEnv()) => Boolean(env.X_CLIENT_ID && env.X_CLIENT_SECRET);

/** The client from X_* (see packages/config/src/platform-env.ts); PERMISSION when X's OAuth client is not configured. */
export function xOAuthFromEnv(env: XEnv = xEnv(), overrides: Partial<XOAuthOptions> = {}): XOAuth {
  const clientId = overrides.clientId ?? env.X_CLIENT_ID;
  const clientSecret = overrides.clientSecret ?? env.X_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new PlatformError("PERMISSION", "xOAuth");
  return new XOAuth({ authorizeUrl: env.X_OAUTH_URL, apiBase: env.X_API_BASE, timeoutMs: env.X_TIMEOUT_MS, ...overrides, clientId, clientSecret });
}
