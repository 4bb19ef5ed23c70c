import { tiktokEnv, type TikTokEnv } from "@vetted/config";
import { z } from "zod";
import { splitScopes, type OAuthGrant } from "./oauth-http";
import { PlatformError } from "./platform-error";
import { TikTokTransport } from "./tiktok-http";

// OAuth for TikTok Business accounts (API for Business, "TikTok account holders"): the consent page
// (www.tiktok.com/v2/auth/authorize/, client_key, scope, state) returns an auth code, exchanged at
// POST /open_api/v1.3/tt_user/oauth2/token/ with the app's id and secret in the JSON body; the answer
// carries the access token (24 hours), a refresh token (a year) and the account's open_id, which is
// its business_id in every later call. POST /tt_user/oauth2/refresh_token/ renews the pair.

export interface TikTokOAuthOptions {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface TikTokGrant extends OAuthGrant {
  /** The account's business_id. */
  openId: string;
}

const grantSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().int().positive().optional(),
  open_id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
});

const query = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

export class TikTokOAuth {
  private readonly http: TikTokTransport;
  private readonly now: () => number;

  constructor(private readonly options: TikTokOAuthOptions) {
    this.now = options.now ?? Date.now;
    this.http = new TikTokTransport({ baseUrl: options.apiBase, timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch, now: this.now });
  }

  /** Where the admin's browser goes; TikTok names the app by client_key and separates scopes with commas. */
  authorizeUrl(state: string, redirectUri: string, scopes: readonly string[]): string {
    const url = new URL(this.options.authorizeUrl);
    const extra = query({ client_key: this.options.clientId, response_type: "code", scope: scopes.join(","), redirect_uri: redirectUri, state });
    return `${url.origin}${url.pathname}?${url.search ? `${url.search.slice(1)}&` : ""}${extra}`;
  }

  async exchangeCode(code: string, redirectUri: string): Promise<TikTokGrant> {
    return this.post("exchangeCode", "/tt_user/oauth2/token/", { grant_type: "authorization_code", auth_code: code, redirect_uri: redirectUri });
  }

  /** A refresh token → a new access token and refresh token: store both at once. */
  async refresh(refreshToken: string): Promise<TikTokGrant> {
    return this.post("refreshToken", "/tt_user/oauth2/refresh_token/", { grant_type: "refresh_token", refresh_token: refreshToken });
  }

  private async post(operation: string, path: string, body: Record<string, string>): Promise<TikTokGrant> {
    const json = { client_id: this.options.clientId, client_secret: this.options.clientSecret, ...body };
    let res: z.infer<typeof grantSchema>;
    try {
      res = await this.http.call(operation, { method: "POST", path, json }, grantSchema);
    } catch (error) {
      // A refused code or refresh token (TikTok answers a parameter error) means the grant is gone.
      if (error instanceof PlatformError && error.code === "INVALID_REQUEST") throw new PlatformError("TOKEN_INVALID", operation, { ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}) });
      throw error;
    }
    const nowMs = this.now();
    return {
      accessToken: res.access_token, openId: res.open_id,
      expiresAt: res.expires_in ? new Date(nowMs + res.expires_in * 1000) : null,
      scopes: Array.isArray(res.scope) ? res.scope : splitScopes(res.scope),
      ...(res.refresh_token ? { refreshToken: res.refresh_token, refreshExpiresAt: res.refresh_token_expires_in ? new Date(nowMs + res.refresh_token_expires_in * 1000) : null } : {}),
    };
  }
}

/** True when TIKTOK_CLIENT_ID and TIKTOK_CLIENT_SECRET are set (always outside production). */
export const tiktokOAuthConfigured = (env: TikTokEnv = tiktokEnv()) => Boolean(env.TIKTOK_CLIENT_ID && env.TIKTOK_CLIENT_SECRET);

/** The client from TIKTOK_*; PERMISSION when TikTok's app is not configured. */
export function tiktokOAuthFromEnv(env: TikTokEnv = tiktokEnv(), overrides: Partial<TikTokOAuthOptions> = {}): TikTokOAuth {
  const clientId = overrides.clientId ?? env.TIKTOK_CLIENT_ID;
  const clientSecret = overrides.clientSecret ?? env.TIKTOK_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new PlatformError("PERMISSION", "tiktokOAuth");
  return new TikTokOAuth({ authorizeUrl: env.TIKTOK_OAUTH_URL, apiBase: env.TIKTOK_API_BASE, timeoutMs: env.TIKTOK_TIMEOUT_MS, ...overrides, clientId, clientSecret });
}
