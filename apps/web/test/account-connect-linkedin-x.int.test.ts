import { ANY_ORG, db } from "@vetted/db";
import { completeAccountConnect, connectSelectedPages, LinkedInClient, listConnectablePages, openModerationField, startAccountConnect, XClient } from "@vetted/domain";
import { newPkceVerifier, pkceChallenge } from "@vetted/domain/platforms";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, sealConnectVerifier, type TestOrg } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "./route-harness";

// Connecting a LinkedIn Company Page (3-legged OAuth, then a pick among the organizations the member
// administers) and an X account (OAuth 2.0 with PKCE), through the callback routes, against the
// platform simulator over real HTTP: tokens stored only encrypted, the verifier never in the URL and
// read once, a wrong verifier refused, used and expired states refused, and a state of org A never
// completing in org B nor through another platform's callback.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "account-connect-linkedin-x" }) }));

const LINKEDIN = "api/oauth/linkedin/callback/route.ts";
const X = "api/oauth/x/callback/route.ts";
const VARS = ["LINKEDIN_API_BASE", "LINKEDIN_OAUTH_URL", "LINKEDIN_AUTH_BASE", "X_API_BASE", "X_OAUTH_URL"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
let sim: Simulator;
let a: TestOrg;
let b: TestOrg;
// External ids are unique across orgs and the test database outlives the simulator: fresh ones per run.
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-12);
const orgClinic = `urn:li:organization:5${uid()}`;
const orgDental = `urn:li:organization:6${uid()}`;
const xUser = `77${uid()}`;
const xUsername = `clinic_${xUser.slice(-6)}`;
const xOther = `78${uid()}`;

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

type Ctx = Parameters<typeof startAccountConnect>[0];
/** Starts a connection as `ctx`, lets the simulator's consent page answer: the callback's query. */
async function authorize(ctx: Ctx, platform: "LINKEDIN" | "X", extra = "") {
  const { authorizeUrl } = await startAccountConnect(ctx, { platform });
  const res = await fetch(authorizeUrl + extra, { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.pathname).toBe(platform === "X" ? "/api/oauth/x/callback" : "/api/oauth/linkedin/callback");
  return { authorizeUrl, query: back.search };
}
const callback = (route: string, query: string) => callRoute(route, "GET", {}, { query });
const pending = (orgId: string) => db().accountConnectState.count({ where: { orgId, consumedAt: null, expiresAt: { gt: new Date() } } });

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  // linkedinEnv() / xEnv() are read on first use, after this: the app's clients talk to this simulator
  // (its OAuth clients are the labelled development ones, as the app's defaults outside production).
  Object.assign(process.env, {
    LINKEDIN_API_BASE: sim.url, LINKEDIN_OAUTH_URL: `${sim.url}/oauth/v2/authorization`, LINKEDIN_AUTH_BASE: sim.url, X_API_BASE: sim.url, X_OAUTH_URL: `${sim.url}/i/oauth2/authorize`,
  });
  // The member administers two fresh organizations (not the default one, which other tests may have connected).
  await control("POST", "/linkedin/orgs", { orgs: [{ id: "3000001", name: "Vetted Demo Clinic", administered: false }, { id: orgClinic.split(":").pop(), name: "LinkedIn Clinic" }, { id: orgDental.split(":").pop(), name: "LinkedIn Dental" }] });
  await control("POST", "/x/accounts", { accounts: [{ id: xUser, username: xUsername }, { id: xOther, username: `dental_${xOther.slice(-6)}` }] });
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

afterAll(async () => {
  await sim.close();
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("connecting a LinkedIn Company Page", () => {
  it("state → code → member token → pick among administered organizations → stored encrypted with its refresh token", async () => {
    await actAs(a.users.ADMIN.id);
    const { authorizeUrl, query } = await authorize(a.ctx.ADMIN, "LINKEDIN");
    expect(new URL(authorizeUrl).searchParams.get("scope")).toBe("r_organization_social w_organization_social rw_organization_admin");
    const res = await callback(LINKEDIN, query);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/orgs/${a.org.slug}/settings/accounts/pick\\?connectId=[0-9a-f-]{36}$`));
    const connectId = new URL(location, "http://x").searchParams.get("connectId")!;

    const listed = await listConnectablePages(a.ctx.ADMIN, { connectId });
    expect(listed.platform).toBe("LINKEDIN");
    expect(listed.pages.sort((p, q) => p.name.localeCompare(q.name))).toEqual([
      { id: orgClinic, name: "LinkedIn Clinic", instagram: false, connectedHere: false, connectedElsewhere: false },
      { id: orgDental, name: "LinkedIn Dental", instagram: false, connectedHere: false, connectedElsewhere: false },
    ]);
    await expectAppError(connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: ["urn:li:organization:3000001"] }), "VALIDATION");
    const { accounts } = await connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: orgClinic });
    expect(accounts.map((x) => [x.platform, x.externalId, x.name])).toEqual([["LINKEDIN", orgClinic, "LinkedIn Clinic (LinkedIn)"]]);
    await expectAppError(connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: orgDental }), "NOT_FOUND");
    expect(await db().accountConnectState.findFirstOrThrow({ where: { orgId: a.org.id, id: connectId } })).toMatchObject({ userTokenCipher: null, completedAt: expect.any(Date) });

    const row = await db().connectedAccount.findFirstOrThrow({ where: { orgId: a.org.id, platform: "LINKEDIN", externalId: orgClinic } });
    expect(row).toMatchObject({ status: "ACTIVE", tokenCipher: expect.stringMatching(/^v1:/), refreshTokenCipher: expect.stringMatching(/^v1:/), scopes: expect.arrayContaining(["w_organization_social"]) });
    expect(row.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * 86_400_000);
    const token = openModerationField(row.tokenCipher!, "connected-account", a.org.id, row.id, "token");
    const refresh = openModerationField(row.refreshTokenCipher!, "connected-account", a.org.id, row.id, "refresh");
    expect(() => openModerationField(row.refreshTokenCipher!, "connected-account", a.org.id, row.id, "token")).toThrow();
    // The stored member token is one the platform takes.
    const orgs = await new LinkedInClient({ apiBase: sim.url, version: "202501", timeoutMs: 2_000 }).listAdministeredOrganizations(token);
    expect(orgs.map((o) => o.urn)).toContain(orgClinic);

    const started = await auditEventsFor(a.org.id, { action: "account.connect_started" });
    expect(started.map((e) => e.metadata)).toContainEqual({ platform: "LINKEDIN", pkce: false });
    const connected = await auditEventsFor(a.org.id, { action: "account.connected", targetId: row.id });
    expect(connected.map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "LINKEDIN", externalId: orgClinic, reconnected: false, refreshable: true })]);
    const all = JSON.stringify(await auditEventsFor(a.org.id, {}));
    for (const secret of [token, refresh]) expect(all).not.toContain(secret.slice(3, 40));

    // The same callback again: the state was used.
    expect((await callback(LINKEDIN, query)).status).toBe(404);
  });

  it("a declined consent connects nothing; a member with one Page connects it at once", async () => {
    await actAs(b.users.ADMIN.id);
    const denied = await callback(LINKEDIN, (await authorize(b.ctx.ADMIN, "LINKEDIN", "&deny=1")).query);
    expect(denied.headers.get("location")).toBe(`/orgs/${b.org.slug}/settings/accounts?error=denied`);
    await control("POST", "/linkedin/orgs", { orgs: [{ id: orgClinic.split(":").pop(), name: "LinkedIn Clinic", administered: false }] });
    try {
      const one = await callback(LINKEDIN, (await authorize(b.ctx.ADMIN, "LINKEDIN")).query);
      expect(one.headers.get("location")).toBe(`/orgs/${b.org.slug}/settings/accounts?connected=1`);
      expect((await db().connectedAccount.findFirstOrThrow({ where: { orgId: b.org.id, platform: "LINKEDIN" } })).externalId).toBe(orgDental);
    } finally {
      await control("POST", "/linkedin/orgs", { orgs: [{ id: orgClinic.split(":").pop(), name: "LinkedIn Clinic" }] });
    }
  });
});

describe("connecting an X account", () => {
  it("state + S256 challenge → code + the stored verifier → the token's own account, both tokens encrypted", async () => {
    await actAs(a.users.ADMIN.id);
    const { authorizeUrl, query } = await authorize(a.ctx.ADMIN, "X", `&login_as=${xUser}`);
    const state = await db().accountConnectState.findFirstOrThrow({ where: { orgId: a.org.id, platform: "X", consumedAt: null }, orderBy: { createdAt: "desc" } });
    expect(state.codeVerifierCipher).toMatch(/^v1:/);
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("scope")).toBe("tweet.read users.read tweet.moderate.write offline.access");

    const res = await callback(X, query);
    expect(res.headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?connected=1`);
    // The verifier was read once and is gone.
    expect(await db().accountConnectState.findFirstOrThrow({ where: { orgId: a.org.id, id: state.id } })).toMatchObject({ codeVerifierCipher: null, consumedAt: expect.any(Date), completedAt: expect.any(Date) });
    const row = await db().connectedAccount.findFirstOrThrow({ where: { orgId: a.org.id, platform: "X", externalId: xUser } });
    expect(row).toMatchObject({ name: `@${xUsername}`, status: "ACTIVE", tokenCipher: expect.stringMatching(/^v1:/), refreshTokenCipher: expect.stringMatching(/^v1:/) });
    expect(row.tokenExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    const token = openModerationField(row.tokenCipher!, "connected-account", a.org.id, row.id, "token");
    expect((await new XClient({ apiBase: sim.url, timeoutMs: 2_000 }).getMe(token)).id).toBe(xUser);
    const audits = JSON.stringify(await auditEventsFor(a.org.id, {}));
    expect(audits).not.toContain(token.slice(3, 40));
    expect((await auditEventsFor(a.org.id, { action: "account.connect_started", targetId: state.id })).map((e) => e.metadata)).toEqual([{ platform: "X", pkce: true }]);
    expect((await callback(X, query)).status).toBe(404);
  });

  it("refuses a wrong PKCE verifier: nothing connected, the state spent, the verifier cleared", async () => {
    await actAs(b.users.ADMIN.id);
    const { query } = await authorize(b.ctx.ADMIN, "X", `&login_as=${xOther}`);
    const state = await db().accountConnectState.findFirstOrThrow({ where: { orgId: b.org.id, platform: "X", consumedAt: null }, orderBy: { createdAt: "desc" } });
    // Another verifier than the one whose challenge went to X, sealed as the real one would be.
    const other = newPkceVerifier();
    expect(pkceChallenge(other)).not.toBe(new URL(`http://x${query}`).searchParams.get("code_challenge"));
    await db().accountConnectState.updateMany({ where: { orgId: b.org.id, id: state.id }, data: { codeVerifierCipher: sealConnectVerifier(other, b.org.id, state.id) } });
    const res = await callback(X, query);
    expect(res.headers.get("location")).toBe(`/orgs/${b.org.slug}/settings/accounts?error=CONFLICT`);
    expect(await db().accountConnectState.findFirstOrThrow({ where: { orgId: b.org.id, id: state.id } })).toMatchObject({ codeVerifierCipher: null, consumedAt: expect.any(Date), completedAt: null });
    expect(await db().connectedAccount.count({ where: { orgId: ANY_ORG, platform: "X", externalId: xOther } })).toBe(0);
  });
});

describe("the state of a LinkedIn or X connection", () => {
  it("expires, and does not complete in another org nor through another platform's callback", async () => {
    await actAs(a.users.ADMIN.id);
    const expired = await authorize(a.ctx.ADMIN, "LINKEDIN");
    await db().accountConnectState.updateMany({ where: { orgId: a.org.id, consumedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callback(LINKEDIN, expired.query)).status).toBe(410);

    const fresh = await authorize(a.ctx.ADMIN, "X", `&login_as=${xUser}`);
    // Through LinkedIn's callback: the state names org A, but is not a LinkedIn one; nothing is used up.
    expect((await callback(LINKEDIN, fresh.query)).headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?error=NOT_FOUND`);
    expect(await pending(a.org.id)).toBe(1);

    // The same admin is also an admin of org B: org A's state does not connect anything into org B.
    await db().membership.create({ data: { orgId: b.org.id, userId: a.users.ADMIN.id, role: "ADMIN" } });
    const inB = createTenantContext(b.org, a.users.ADMIN, "ADMIN");
    await expectAppError(completeAccountConnect(inB, { ...Object.fromEntries(new URLSearchParams(fresh.query)), platform: "X" }), "NOT_FOUND");
    expect(await pending(a.org.id)).toBe(1);
    expect(await db().connectedAccount.count({ where: { orgId: b.org.id, platform: "X" } })).toBe(0);
    // Another signed-in user of org A gets the unknown-state answer.
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect((await callback(X, fresh.query)).status).toBe(404);

    // Through its own route, by its own admin, it completes in org A (a reconnect of the same account).
    await actAs(a.users.ADMIN.id);
    expect((await callback(X, fresh.query)).headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?connected=1`);
    const reconnected = await auditEventsFor(a.org.id, { action: "account.connected" });
    expect(reconnected.filter((e) => (e.metadata as { platform: string; reconnected: boolean }).platform === "X").map((e) => (e.metadata as { reconnected: boolean }).reconnected)).toEqual(expect.arrayContaining([false, true]));
  });

  it("only admins start a connection, for the platforms offered", async () => {
    for (const role of ["COMPLIANCE_OFFICER", "CONSULTANT", "STAFF"] as const) await expectAppError(startAccountConnect(b.ctx[role], { platform: "X" }), "FORBIDDEN");
    await expectAppError(startAccountConnect(b.ctx.ADMIN, { platform: "PRIVATE_GROUP" }), "VALIDATION");
  });
});
