import { describe, expect, it } from "vitest";
import { LinkedInOAuth } from "./linkedin-oauth";
import { classifyOAuthError, grantOf, tokenResponseSchema } from "./oauth-http";
import { PlatformError } from "./platform-error";
import { newPkceVerifier, pkceChallenge, PKCE_VERIFIER, XOAuth } from "./x-oauth";

// URL building, PKCE, token-endpoint requests and answers of the LinkedIn and X OAuth clients, with
// a recording fetch (the simulator tests cover the round trip over HTTP).

const NOW = Date.UTC(2026, 0, 1);

function recorder(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const linkedin = (fetchImpl?: typeof fetch) =>
  new LinkedInOAuth({ clientId: "li-client", clientSecret: "li-secret-0123456789", authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization", authBase: "https://www.linkedin.com/", fetch: fetchImpl, now: () => NOW });
const x = (fetchImpl?: typeof fetch) =>
  new XOAuth({ clientId: "x client", clientSecret: "x:secret/0123456789", authorizeUrl: "https://x.com/i/oauth2/authorize", apiBase: "https://api.x.com", fetch: fetchImpl, now: () => NOW });

describe("LinkedIn OAuth client", () => {
  it("builds the consent URL with space-separated scopes and never the secret", () => {
    const url = linkedin().authorizeUrl("S".repeat(43), "https://app.example/api/oauth/linkedin/callback", ["r_organization_social", "rw_organization_admin"]);
    expect(url.startsWith("https://www.linkedin.com/oauth/v2/authorization?")).toBe(true);
    expect(url).toContain("scope=r_organization_social%20rw_organization_admin");
    const q = new URL(url).searchParams;
    expect(Object.fromEntries(q)).toEqual({
      response_type: "code", client_id: "li-client", redirect_uri: "https://app.example/api/oauth/linkedin/callback", state: "S".repeat(43), scope: "r_organization_social rw_organization_admin",
    });
    expect(url).not.toContain("li-secret");
  });

  it("exchanges a code with the client credentials in the form body and reads lifetimes as dates", async () => {
    const { calls, fetchImpl } = recorder(200, { access_token: "AQV-token", expires_in: 5_184_000, refresh_token: "AQX-refresh", refresh_token_expires_in: 31_536_000, scope: "r_organization_social,w_organization_social" });
    const grant = await linkedin(fetchImpl).exchangeCode("the-code", "https://app.example/cb");
    expect(calls[0]!.url).toBe("https://www.linkedin.com/oauth/v2/accessToken");
    expect(calls[0]!.init.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init.body)))).toEqual({
      grant_type: "authorization_code", code: "the-code", redirect_uri: "https://app.example/cb", client_id: "li-client", client_secret: "li-secret-0123456789",
    });
    expect(grant).toEqual({
      accessToken: "AQV-token", expiresAt: new Date(NOW + 5_184_000_000), refreshToken: "AQX-refresh", refreshExpiresAt: new Date(NOW + 31_536_000_000),
      scopes: ["r_organization_social", "w_organization_social"],
    });
  });

  it("reads an introspection answer, and an unknown status as none", async () => {
    const { fetchImpl } = recorder(200, { active: false, status: "expired", expires_at: 1_700_000_000, scope: "r_organization_social" });
    expect(await linkedin(fetchImpl).introspect("t")).toEqual({ active: false, status: "expired", expiresAt: new Date(1_700_000_000_000), scopes: ["r_organization_social"] });
    const odd = recorder(200, { active: true, status: "something-new" });
    expect(await linkedin(odd.fetchImpl).introspect("t")).toEqual({ active: true, expiresAt: null, scopes: [] });
  });
});

describe("X OAuth client", () => {
  it("derives the S256 challenge of RFC 7636's example and puts only the challenge in the URL", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const verifier = newPkceVerifier();
    expect(verifier).toMatch(PKCE_VERIFIER);
    expect(newPkceVerifier()).not.toBe(verifier);
    const url = x().authorizeUrl("st", "https://app.example/api/oauth/x/callback", ["tweet.read", "offline.access"], verifier);
    const q = new URL(url).searchParams;
    expect(q.get("code_challenge")).toBe(pkceChallenge(verifier));
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("scope")).toBe("tweet.read offline.access");
    expect(q.get("client_id")).toBe("x client");
    expect(url).not.toContain(verifier);
    expect(url).not.toContain("secret");
    expect(() => x().authorizeUrl("st", "https://app.example/cb", [], "too-short")).toThrow(PlatformError);
  });

  it("authenticates as a confidential client with HTTP Basic and sends the verifier in the body", async () => {
    const { calls, fetchImpl } = recorder(200, { token_type: "bearer", access_token: "x-access", expires_in: 7200, refresh_token: "x-refresh", scope: "tweet.read users.read" });
    const grant = await x(fetchImpl).exchangeCode("the-code", "https://app.example/cb", "v".repeat(43));
    expect(calls[0]!.url).toBe("https://api.x.com/2/oauth2/token");
    const headers = calls[0]!.init.headers as Record<string, string>;
    // Each part form-encoded, then base64 (RFC 6749 2.3.1).
    expect(Buffer.from(headers.authorization!.replace(/^Basic /, ""), "base64").toString()).toBe("x%20client:x%3Asecret%2F0123456789");
    expect(new URLSearchParams(String(calls[0]!.init.body)).get("code_verifier")).toBe("v".repeat(43));
    expect(String(calls[0]!.init.body)).not.toContain("secret");
    expect(grant).toMatchObject({ accessToken: "x-access", expiresAt: new Date(NOW + 7_200_000), refreshToken: "x-refresh", refreshExpiresAt: null, scopes: ["tweet.read", "users.read"] });
  });

  it("turns a refused refresh into TOKEN_INVALID and a refused client into PERMISSION, never quoting the answer", async () => {
    const refused = recorder(400, { error: "invalid_request", error_description: "Value passed for the token was invalid: x-refresh-0123" });
    const error = await x(refused.fetchImpl).refresh("x-refresh-0123").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe("TOKEN_INVALID");
    expect(JSON.stringify(error)).not.toContain("x-refresh-0123");
    const client = recorder(401, { error: "unauthorized_client" });
    expect(((await x(client.fetchImpl).refresh("r").catch((e: unknown) => e)) as PlatformError).code).toBe("PERMISSION");
    const garbled = recorder(200, { token_type: "bearer" });
    expect(((await x(garbled.fetchImpl).refresh("r").catch((e: unknown) => e)) as PlatformError).code).toBe("INVALID_RESPONSE");
  });
});

describe("token answers", () => {
  it("classifies OAuth errors by status and the standard error code", () => {
    expect(classifyOAuthError(400, "invalid_grant")).toBe("TOKEN_INVALID");
    expect(classifyOAuthError(400, "invalid_request")).toBe("TOKEN_INVALID");
    expect(classifyOAuthError(401, "invalid_client")).toBe("PERMISSION");
    expect(classifyOAuthError(401, undefined)).toBe("PERMISSION");
    expect(classifyOAuthError(400, "unsupported_grant_type")).toBe("INVALID_REQUEST");
    expect(classifyOAuthError(429, undefined)).toBe("RATE_LIMITED");
    expect(classifyOAuthError(503, "invalid_grant")).toBe("TRANSIENT");
  });

  it("needs an access token; lifetimes and scopes are optional", () => {
    expect(tokenResponseSchema.safeParse({ expires_in: 10 }).success).toBe(false);
    expect(grantOf(tokenResponseSchema.parse({ access_token: "a" }), NOW)).toEqual({ accessToken: "a", expiresAt: null, scopes: [] });
    expect(grantOf(tokenResponseSchema.parse({ access_token: "a", expires_in: "60", scope: "a, b c" }), NOW)).toEqual({ accessToken: "a", expiresAt: new Date(NOW + 60_000), scopes: ["a", "b", "c"] });
  });
});
