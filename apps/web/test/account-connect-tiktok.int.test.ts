import { ANY_ORG, db } from "@vetted/db";
import { completeAccountConnect, openModerationField, startAccountConnect, TikTokClient } from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, type TestOrg } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "./route-harness";

// Connecting a TikTok Business account through /api/oauth/tiktok/callback, against the platform
// simulator over real HTTP: the grant's open_id becomes the account, both tokens stored only
// encrypted, a declined consent connects nothing, and a state of org A never completes in org B nor
// through another platform's callback.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "account-connect-tiktok" }) }));

const TIKTOK = "api/oauth/tiktok/callback/route.ts";
const X = "api/oauth/x/callback/route.ts";
const VARS = ["TIKTOK_API_BASE", "TIKTOK_OAUTH_URL"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
let sim: Simulator;
let a: TestOrg;
let b: TestOrg;
// open_ids are unique across orgs and the test database outlives the simulator: fresh ones per run.
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-12);
const openId = `tt-web-${uid()}`;
const username = `clinic_${openId.slice(-6)}`;

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

type Ctx = Parameters<typeof startAccountConnect>[0];
/** Starts a TikTok connection as `ctx` and lets the simulator's consent page answer: the callback's query. */
async function authorize(ctx: Ctx, extra = "") {
  const { authorizeUrl } = await startAccountConnect(ctx, { platform: "TIKTOK" });
  const res = await fetch(`${authorizeUrl}&login_as=${openId}${extra}`, { redirect: "manual" });
  expect(res.status, await res.clone().text()).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.pathname).toBe("/api/oauth/tiktok/callback");
  return { authorizeUrl, query: back.search };
}
const callback = (route: string, query: string) => callRoute(route, "GET", {}, { query });

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  // tiktokEnv() is read on first use, after this: the app's client talks to this simulator (whose app is the labelled development one).
  Object.assign(process.env, { TIKTOK_API_BASE: sim.url, TIKTOK_OAUTH_URL: `${sim.url}/v2/auth/authorize/` });
  await fetch(`${sim.url}/_sim/tiktok/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ accounts: [{ openId, username }] }) });
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

afterAll(async () => {
  await sim.close();
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("connecting a TikTok Business account", () => {
  it("a declined consent connects nothing; state → code → the grant's account, both tokens encrypted", async () => {
    await actAs(a.users.ADMIN.id);
    const declined = await authorize(a.ctx.ADMIN, "&deny=1");
    expect((await callback(TIKTOK, declined.query)).headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?error=denied`);

    const { query } = await authorize(a.ctx.ADMIN);
    const res = await callback(TIKTOK, query);
    expect(res.headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?connected=1`);
    const row = await db().connectedAccount.findFirstOrThrow({ where: { orgId: a.org.id, platform: "TIKTOK", externalId: openId } });
    expect(row).toMatchObject({ name: `@${username}`, status: "ACTIVE", tokenCipher: expect.stringMatching(/^v1:/), refreshTokenCipher: expect.stringMatching(/^v1:/) });
    const token = openModerationField(row.tokenCipher!, "connected-account", a.org.id, row.id, "token");
    expect(await new TikTokClient({ apiBase: sim.url, timeoutMs: 2_000 }).getBusiness(token, openId)).toMatchObject({ username });
    expect(JSON.stringify(await auditEventsFor(a.org.id, {}))).not.toContain(token.slice(3, 40));
    // The state is single use.
    expect((await callback(TIKTOK, query)).status).toBe(404);
  });

  it("org A's state does not complete in org B, through X's callback, or for another user", async () => {
    await actAs(a.users.ADMIN.id);
    const fresh = await authorize(a.ctx.ADMIN);
    expect((await callback(X, fresh.query)).headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?error=NOT_FOUND`);
    await db().membership.create({ data: { orgId: b.org.id, userId: a.users.ADMIN.id, role: "ADMIN" } });
    const inB = createTenantContext(b.org, a.users.ADMIN, "ADMIN");
    await expectAppError(completeAccountConnect(inB, { ...Object.fromEntries(new URLSearchParams(fresh.query)), platform: "TIKTOK" }), "NOT_FOUND");
    expect(await db().connectedAccount.count({ where: { orgId: b.org.id, platform: "TIKTOK" } })).toBe(0);
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect((await callback(TIKTOK, fresh.query)).status).toBe(404);
    // Its own admin, through its own route: a reconnect of the same account in org A.
    await actAs(a.users.ADMIN.id);
    expect((await callback(TIKTOK, fresh.query)).headers.get("location")).toBe(`/orgs/${a.org.slug}/settings/accounts?connected=1`);
    expect(await db().connectedAccount.count({ where: { orgId: ANY_ORG, platform: "TIKTOK", externalId: openId } })).toBe(1);
  });
});
