import { db } from "@vetted/db";
import { completeAccountConnect, connectSelectedPages, disconnectAccount, listConnectablePages, listConnectedAccounts, openModerationField, startAccountConnect } from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "./route-harness";

// Connecting a Facebook Page through Meta's OAuth flow, against the platform simulator over real
// HTTP: the single-use state (used, expired, another user's, another org's), the Page picker, the
// token stored only encrypted, and disconnecting.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "account-connect" }) }));

const CALLBACK = "api/oauth/meta/callback/route.ts";
const saved = { graph: process.env.META_GRAPH_URL, oauth: process.env.META_OAUTH_URL };
let sim: Simulator;
let a: TestOrg;
let b: TestOrg;
// Page ids are unique across orgs and the test database outlives the simulator: fresh ones per run.
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e5)}`.slice(-14);
const pageA = `31${uid()}`;
const pageB = `32${uid()}`;
const igA = `178${uid()}`;

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}
const simPages = async () => (await control<{ pages: { id: string; accessToken: string; subscribedFields: string[] }[] }>("GET", "/pages")).pages;

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

/** Starts a connection as `ctx` and lets the simulator's consent dialog answer: the callback's query. */
async function authorize(ctx: Parameters<typeof startAccountConnect>[0], opts: { deny?: boolean } = {}) {
  const { authorizeUrl } = await startAccountConnect(ctx, { platform: "FACEBOOK" });
  const res = await fetch(authorizeUrl + (opts.deny ? "&deny=1" : ""), { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.pathname).toBe("/api/oauth/meta/callback");
  return back.search;
}
const callback = (query: string) => callRoute(CALLBACK, "GET", {}, { query });

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  // metaEnv() is read on first use, after this: the app's Meta client talks to this simulator.
  process.env.META_GRAPH_URL = sim.url;
  process.env.META_OAUTH_URL = `${sim.url}/dialog/oauth`;
  await control("POST", "/pages", { pages: [{ id: pageA, name: "Connect Clinic", igUserId: igA, subscribed: false }, { id: pageB, name: "Connect Dental", subscribed: false }] });
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

afterAll(async () => {
  await sim.close();
  for (const [k, v] of [["META_GRAPH_URL", saved.graph], ["META_OAUTH_URL", saved.oauth]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("connecting a Facebook Page", () => {
  it("state → code → long-lived token → Page picker → the Page and its Instagram account, token encrypted and subscribed", async () => {
    await actAs(a.users.ADMIN.id);
    const query = await authorize(a.ctx.ADMIN);
    const res = await callback(query);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/orgs/${a.org.slug}/settings/accounts/pick\\?connectId=[0-9a-f-]{36}$`));
    const connectId = new URL(location, "http://x").searchParams.get("connectId")!;

    const { pages } = await listConnectablePages(a.ctx.ADMIN, { connectId });
    expect(pages).toEqual(expect.arrayContaining([{ id: pageA, name: "Connect Clinic", instagram: true, connectedHere: false, connectedElsewhere: false }]));
    await expectAppError(listConnectablePages(a.ctx.COMPLIANCE_OFFICER, { connectId }), "FORBIDDEN");
    await expectAppError(connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: ["999"] }), "VALIDATION");

    const { accounts } = await connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: pageA });
    expect(accounts.map((x) => [x.platform, x.externalId])).toEqual([["FACEBOOK", pageA], ["INSTAGRAM", igA]]);
    // The waiting user token is gone and the pick cannot be made twice.
    expect(await db().accountConnectState.findFirst({ where: { orgId: a.org.id, id: connectId } })).toMatchObject({ userTokenCipher: null, completedAt: expect.any(Date) });
    await expectAppError(connectSelectedPages(a.ctx.ADMIN, { connectId, pageIds: pageA }), "NOT_FOUND");

    const pageToken = (await simPages()).find((p) => p.id === pageA)!.accessToken;
    const rows = await db().connectedAccount.findMany({ where: { orgId: a.org.id }, orderBy: { platform: "asc" } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe("ACTIVE");
      expect(row.tokenCipher).toMatch(/^v1:/);
      // The column never holds the token, nor any long piece of it.
      expect(row.tokenCipher).not.toContain(pageToken);
      expect(row.tokenCipher).not.toContain(pageToken.slice(3, 40));
      expect(row.scopes).toContain("pages_manage_engagement");
      // The Page token Meta gave for the long-lived user token; it decrypts only in its own row.
      const plain = openModerationField(row.tokenCipher!, "connected-account", a.org.id, row.id, "token");
      expect(plain.startsWith("EAA")).toBe(true);
      expect(() => openModerationField(row.tokenCipher!, "connected-account", b.org.id, row.id, "token")).toThrow();
    }
    expect((await simPages()).find((p) => p.id === pageA)!.subscribedFields).toContain("feed");
    const audits = await auditEventsFor(a.org.id, { action: "account.connected" });
    expect(audits.map((e) => (e.metadata as { platform: string }).platform).sort()).toEqual(["FACEBOOK", "INSTAGRAM"]);
    expect(JSON.stringify(audits)).not.toContain(pageToken.slice(3, 40));

    // The same callback again: the state was used.
    expect((await callback(query)).status).toBe(404);
  });

  it("refuses an expired state, another user's state and a state of org A completed in org B", async () => {
    await actAs(a.users.ADMIN.id);
    const expired = await authorize(a.ctx.ADMIN);
    await db().accountConnectState.updateMany({ where: { orgId: a.org.id, consumedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callback(expired)).status).toBe(410);

    const fresh = await authorize(a.ctx.ADMIN);
    // Another signed-in user (an officer of the same org) gets the unknown-state answer; nothing is used up.
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect((await callback(fresh)).status).toBe(404);
    expect(await db().accountConnectState.count({ where: { orgId: a.org.id, consumedAt: null, expiresAt: { gt: new Date() } } })).toBe(1);

    // The same admin is also an admin of org B: org A's state does not connect anything into org B.
    await db().membership.create({ data: { orgId: b.org.id, userId: a.users.ADMIN.id, role: "ADMIN" } });
    const inB = createTenantContext(b.org, a.users.ADMIN, "ADMIN");
    await expectAppError(completeAccountConnect(inB, Object.fromEntries(new URLSearchParams(fresh))), "NOT_FOUND");
    expect(await db().accountConnectState.count({ where: { orgId: a.org.id, consumedAt: null, expiresAt: { gt: new Date() } } })).toBe(1);
    expect(await db().connectedAccount.count({ where: { orgId: b.org.id } })).toBe(0);

    // Through the route the state itself names the org: the admin lands in org A's picker.
    await actAs(a.users.ADMIN.id);
    const res = await callback(fresh);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/orgs/${a.org.slug}/settings/accounts/pick`));
  });

  it("a declined consent connects nothing; only admins start a connection; a Page of another org is refused", async () => {
    await actAs(b.users.ADMIN.id);
    const denied = await callback(await authorize(b.ctx.ADMIN, { deny: true }));
    expect(denied.headers.get("location")).toBe(`/orgs/${b.org.slug}/settings/accounts?error=denied`);
    for (const role of ["COMPLIANCE_OFFICER", "CONSULTANT", "STAFF"] as const) await expectAppError(startAccountConnect(b.ctx[role], {}), "FORBIDDEN");
    const malformed = await callback("?state=short&code=x");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toHaveProperty("state");

    const location = (await callback(await authorize(b.ctx.ADMIN))).headers.get("location")!;
    const connectId = new URL(location, "http://x").searchParams.get("connectId")!;
    const { pages } = await listConnectablePages(b.ctx.ADMIN, { connectId });
    expect(pages.find((p) => p.id === pageA)).toMatchObject({ connectedElsewhere: true });
    await expectAppError(connectSelectedPages(b.ctx.ADMIN, { connectId, pageIds: [pageA] }), "CONFLICT");
    expect(await db().connectedAccount.count({ where: { orgId: b.org.id } })).toBe(0);
  });

  it("disconnecting clears the token envelope, is audited and shows in plain words", async () => {
    const account = await db().connectedAccount.findFirstOrThrow({ where: { orgId: a.org.id, platform: "FACEBOOK", externalId: pageA } });
    await expectAppError(disconnectAccount(a.ctx.CONSULTANT, { accountId: account.id }), "FORBIDDEN");
    await expectAppError(disconnectAccount(b.ctx.ADMIN, { accountId: account.id }), "NOT_FOUND");
    expect(await disconnectAccount(a.ctx.ADMIN, { accountId: account.id })).toEqual({ disconnected: true });
    expect(await disconnectAccount(a.ctx.ADMIN, { accountId: account.id })).toEqual({ disconnected: false });
    expect(await db().connectedAccount.findFirstOrThrow({ where: { orgId: a.org.id, id: account.id } })).toMatchObject({ status: "REVOKED", tokenCipher: null, lastErrorCode: "DISCONNECTED", disconnectedAt: expect.any(Date) });
    expect(await auditEventsFor(a.org.id, { action: "account.disconnected", targetId: account.id })).toHaveLength(1);

    const { accounts, mayManage } = await listConnectedAccounts(a.ctx.CONSULTANT);
    expect(mayManage).toBe(false);
    expect(accounts.find((x) => x.id === account.id)).toMatchObject({ status: "REVOKED", explanation: expect.stringMatching(/Disconnected by an admin/) });
    expect(JSON.stringify(accounts)).not.toMatch(/v1:|EAA/);
    await expectAppError(listConnectedAccounts(a.ctx.STAFF), "FORBIDDEN");
  });
});
