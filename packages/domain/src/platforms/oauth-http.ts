import { z } from "zod";
import { entries, networkCode, NOT_SENT } from "./graph-http";
import { PlatformError, type PlatformErrorCode } from "./platform-error";

// OAuth 2.0 token endpoints (LinkedIn's /oauth/v2/accessToken and /introspectToken, X's
// /2/oauth2/token): a form POST authenticated by the app's client credentials, in the body (LinkedIn)
// or as HTTP Basic (X, a confidential client). Codes, verifiers and tokens travel in the body only,
// never in a URL; failures are PlatformErrors read from the status and the standard `error` field,
// never from the description (it can quote what was sent).

/** What an authorization-code or refresh exchange gives back, with lifetimes turned into dates. */
export interface OAuthGrant {
  /** Store encrypted, never log. */
  accessToken: string;
  /** null: the platform gave no lifetime. */
  expiresAt: Date | null;
  refreshToken?: string;
  refreshExpiresAt?: Date | null;
  scopes: string[];
}

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().int().positive().optional(),
  // LinkedIn separates scopes with commas, X with spaces.
  scope: z.string().optional(),
});

export const splitScopes = (scope: string | undefined) => (scope ?? "").split(/[\s,]+/).filter(Boolean);

export function grantOf(body: z.infer<typeof tokenResponseSchema>, nowMs: number): OAuthGrant {
  return {
    accessToken: body.access_token,
    expiresAt: body.expires_in ? new Date(nowMs + body.expires_in * 1000) : null,
    scopes: splitScopes(body.scope),
    ...(body.refresh_token
      ? { refreshToken: body.refresh_token, refreshExpiresAt: body.refresh_token_expires_in ? new Date(nowMs + body.refresh_token_expires_in * 1000) : null }
      : {}),
  };
}

/**
 * The OAuth `error` → our code. A refused grant (expired, revoked or already used code or refresh
 * token, wrong PKCE verifier) is TOKEN_INVALID: the account must be connected again. A refused
 * client (wrong id or secret) is PERMISSION: Vetted's own configuration, never the account's fault.
 */
export function classifyOAuthError(httpStatus: number, error: unknown): PlatformErrorCode {
  if (httpStatus === 429) return "RATE_LIMITED";
  if (httpStatus >= 500) return "TRANSIENT";
  if (error === "invalid_client" || error === "unauthorized_client") return "PERMISSION";
  if (error === "invalid_grant" || error === "invalid_request" || error === "invalid_token") return "TOKEN_INVALID";
  return httpStatus === 401 ? "PERMISSION" : "INVALID_REQUEST";
}

export interface TokenPostOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
  /** HTTP Basic client_id:client_secret (X's confidential clients). */
  basicAuth?: { clientId: string; clientSecret: string };
}

/** One form POST to a token endpoint; the 2xx body validated by `schema`. */
export async function postTokenForm<S extends z.ZodType>(
  operation: string,
  url: string,
  form: Record<string, string | undefined>,
  schema: S,
  options: TokenPostOptions,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
  if (options.basicAuth) {
    // RFC 6749 2.3.1: each part form-encoded before base64.
    const pair = `${encodeURIComponent(options.basicAuth.clientId)}:${encodeURIComponent(options.basicAuth.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  }
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, { method: "POST", headers, body: new URLSearchParams(entries(form)).toString(), signal: AbortSignal.timeout(options.timeoutMs), redirect: "manual" });
    text = await response.text();
  } catch (error) {
    const code = networkCode(error);
    // A code or refresh token sent but unanswered may have been used up: say the outcome is unknown.
    throw new PlatformError("TRANSIENT", operation, { outcomeUnknown: !(code && NOT_SENT.has(code)) });
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: unknown } | undefined)?.error;
    throw new PlatformError(classifyOAuthError(response.status, error), operation, { httpStatus: response.status });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new PlatformError("INVALID_RESPONSE", operation, { httpStatus: response.status, outcomeUnknown: true });
  return result.data;
}
