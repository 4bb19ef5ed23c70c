import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LinkedInClient, LinkedInOAuth, newPkceVerifier, PlatformError, XClient, XOAuth } from "@vetted/domain/platforms";
import { createSimulator, type Simulator } from "./simulator";

// LinkedIn's 3-legged OAuth and X's OAuth 2.0 with PKCE, the app's clients against the simulator over
// real HTTP: consent redirects, code exchanges (client secret, redirect URI, PKCE verifier, single
// use), X's refresh-token rotation, LinkedIn's introspection and the member's organizations.

const LI = { id: "int-linkedin-client", secret: "int-linkedin-client-secret-0001" };
const X = { id: "int-x-client", secret: "int-x-client-secret-000000001" };
const REDIRECT = "http://127.0.0.1:3999/api/oauth/cb";
const ORG = "urn:li:organization:3000001";
let sim: Simulator;
let liOAuth: LinkedInOAuth;
let linkedin: LinkedInClient;
let xOAuth: XOAuth;
let x: XClient;

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** Follows the consent page's 302: the query it sends back. */
async function consent(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  return back.searchParams;
}

beforeAll(async () => {
  sim = await createSimulator({ port: 0, linkedinClientId: LI.id, linkedinClientSecret: LI.secret, xClientId: X.id, xClientSecret: X.secret, log: () => undefined });
  const li = { clientId: LI.id, clientSecret: LI.secret, authorizeUrl: `${sim.url}/oauth/v2/authorization`, authBase: sim.url, timeoutMs: 2_000 };
  liOAuth = new LinkedInOAuth(li);
  linkedin = new LinkedInClient({ apiBase: sim.url, version: "202501", timeoutMs: 2_000 });
  xOAuth = new XOAuth({ clientId: X.id, clientSecret: X.secret, authorizeUrl: `${sim.url}/i/oauth2/authorize`, apiBase: sim.url, timeoutMs: 2_000 });
  x = new XClient({ apiBase: sim.url, timeoutMs: 2_000 });
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  await control("POST", "/reset");
});

describe("simulated LinkedIn OAuth", () => {
  it("consent → code → 60-day member token and refresh token → the organizations the member administers", async () => {
    await control("POST", "/linkedin/orgs", { orgs: [{ id: "3000002", name: "Second Clinic" }, { id: "3000003", name: "Not Mine", administered: false }] });
    const back = await consent(liOAuth.authorizeUrl("st", REDIRECT, ["r_organization_social", "w_organization_social", "rw_organization_admin"]));
    expect(back.get("state")).toBe("st");
    const code = back.get("code")!;
    // The wrong redirect URI is refused; the code is still good for the right one, then spent.
    expect((await failure(liOAuth.exchangeCode(code, "http://127.0.0.1:3999/elsewhere"))).code).toBe("TOKEN_INVALID");
    const before = Date.now();
    const grant = await liOAuth.exchangeCode(code, REDIRECT);
    expect(grant.expiresAt!.getTime() - before).toBeGreaterThan(59 * 86_400_000);
    expect(grant.refreshToken).toBeTruthy();
    expect(grant.scopes).toEqual(["r_organization_social", "w_organization_social", "rw_organization_admin"]);
    expect((await failure(liOAuth.exchangeCode(code, REDIRECT))).code).toBe("TOKEN_INVALID");

    expect((await linkedin.listAdministeredOrganizations(grant.accessToken)).sort((a, b) => a.urn.localeCompare(b.urn))).toEqual([
      { urn: ORG, name: "Vetted Demo Clinic" },
      { urn: "urn:li:organization:3000002", name: "Second Clinic" },
    ]);
    // The member's token reads and deletes comments of the organizations it administers.
    const { commentUrn } = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: ORG, message: "Open on Sunday?" });
    await linkedin.deleteComment(grant.accessToken, ORG, commentUrn);

    expect(await liOAuth.introspect(grant.accessToken)).toMatchObject({ active: true, status: "active", scopes: expect.arrayContaining(["w_organization_social"]) });
    await control("POST", "/linkedin/tokens/revoke", { token: grant.accessToken });
    expect(await liOAuth.introspect(grant.accessToken)).toMatchObject({ active: false, status: "revoked" });
    expect((await failure(linkedin.listAdministeredOrganizations(grant.accessToken))).code).toBe("TOKEN_INVALID");
    const renewed = await liOAuth.refresh(grant.refreshToken!);
    expect(renewed.refreshToken).toBe(grant.refreshToken);
    expect((await linkedin.listAdministeredOrganizations(renewed.accessToken)).length).toBe(2);
  });

  it("refuses a wrong client secret, expires tokens with the clock and declines with ?deny=1", async () => {
    const code = (await consent(liOAuth.authorizeUrl("st", REDIRECT, ["rw_organization_admin"]))).get("code")!;
    const wrong = new LinkedInOAuth({ clientId: LI.id, clientSecret: "not-the-client-secret", authorizeUrl: `${sim.url}/oauth/v2/authorization`, authBase: sim.url });
    expect((await failure(wrong.exchangeCode(code, REDIRECT))).code).toBe("PERMISSION");
    const grant = await liOAuth.exchangeCode(code, REDIRECT);
    await control("POST", "/clock", { advanceSeconds: 61 * 86_400 });
    expect(await liOAuth.introspect(grant.accessToken)).toMatchObject({ active: false, status: "expired" });
    expect((await failure(linkedin.listAdministeredOrganizations(grant.accessToken))).code).toBe("TOKEN_INVALID");
    expect((await consent(`${liOAuth.authorizeUrl("st2", REDIRECT, [])}&deny=1`)).get("error")).toBe("user_cancelled_authorize");
  });
});

describe("simulated X OAuth with PKCE", () => {
  it("consent with an S256 challenge → code + verifier → 2-hour token and a refresh token that rotates", async () => {
    const verifier = newPkceVerifier();
    const url = xOAuth.authorizeUrl("st", REDIRECT, ["tweet.read", "users.read", "tweet.moderate.write", "offline.access"], verifier);
    expect(url).not.toContain(verifier);
    const back = await consent(url);
    expect(back.get("state")).toBe("st");
    const grant = await xOAuth.exchangeCode(back.get("code")!, REDIRECT, verifier);
    expect(grant.expiresAt!.getTime() - Date.now()).toBeGreaterThan(7_100_000);
    expect(grant.refreshToken).toBeTruthy();
    expect(await x.getMe(grant.accessToken)).toEqual({ id: "4400000001", username: "vetted_demo_clinic", name: "vetted_demo_clinic" });

    // X rotates: the new refresh token works, the old one is refused from then on.
    const next = await xOAuth.refresh(grant.refreshToken!);
    expect(next.refreshToken).not.toBe(grant.refreshToken);
    expect((await failure(xOAuth.refresh(grant.refreshToken!))).code).toBe("TOKEN_INVALID");
    await control("POST", "/clock", { advanceSeconds: 2 * 3600 + 1 });
    expect((await failure(x.getMe(next.accessToken))).code).toBe("TOKEN_INVALID");
    const third = await xOAuth.refresh(next.refreshToken!);
    expect((await x.getMe(third.accessToken)).id).toBe("4400000001");
  });

  it("refuses a wrong verifier (spending the code), a missing challenge, a wrong client secret and a revoked token", async () => {
    const verifier = newPkceVerifier();
    const code = (await consent(xOAuth.authorizeUrl("st", REDIRECT, ["users.read"], verifier))).get("code")!;
    expect((await failure(xOAuth.exchangeCode(code, REDIRECT, newPkceVerifier()))).code).toBe("TOKEN_INVALID");
    expect((await failure(xOAuth.exchangeCode(code, REDIRECT, verifier))).code).toBe("TOKEN_INVALID");

    const plain = new URL(xOAuth.authorizeUrl("st", REDIRECT, ["users.read"], verifier));
    plain.searchParams.delete("code_challenge");
    expect((await fetch(plain, { redirect: "manual" })).status).toBe(400);

    const code2 = (await consent(xOAuth.authorizeUrl("st", REDIRECT, ["users.read", "offline.access"], verifier))).get("code")!;
    const wrong = new XOAuth({ clientId: X.id, clientSecret: "not-the-x-client-secret", authorizeUrl: `${sim.url}/i/oauth2/authorize`, apiBase: sim.url });
    expect((await failure(wrong.exchangeCode(code2, REDIRECT, verifier))).code).toBe("PERMISSION");
    const code3 = (await consent(xOAuth.authorizeUrl("st", REDIRECT, ["users.read", "offline.access"], verifier))).get("code")!;
    const grant = await xOAuth.exchangeCode(code3, REDIRECT, verifier);
    await control("POST", "/x/tokens/revoke", { token: grant.accessToken });
    await control("POST", "/x/tokens/revoke", { token: grant.refreshToken });
    expect((await failure(x.getMe(grant.accessToken))).code).toBe("TOKEN_INVALID");
    expect((await failure(xOAuth.refresh(grant.refreshToken!))).code).toBe("TOKEN_INVALID");
    expect((await consent(`${xOAuth.authorizeUrl("st", REDIRECT, [], verifier)}&deny=1`)).get("error")).toBe("access_denied");
  });
});
