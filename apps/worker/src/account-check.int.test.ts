import { metaEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { checkConnectedAccounts, metaClientFromEnv } from "@vetted/domain";
import { auditEventsFor, connectTestAccount, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The worker's periodic check of connected accounts against the platform simulator: an expired
// token, a revoked one and a lost permission mark the account and notify the admins once; a lost
// feed subscription is restored. Only this org's accounts are checked (the database is shared).

let sim: Simulator;
let org: TestOrg;
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e5)}`.slice(-14);

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}
const check = () => checkConnectedAccounts({ meta: metaClientFromEnv(metaEnv(), { graphUrl: sim.url }), orgId: org.org.id, minIntervalMs: 0 });
const account = (id: string) => db().connectedAccount.findFirstOrThrow({ where: { orgId: org.org.id, id } });
const subscribed = async (pageId: string) => (await control<{ pages: { id: string; subscribedFields: string[] }[] }>("GET", "/pages")).pages.find((p) => p.id === pageId)!.subscribedFields;

async function pageWithToken(opts: { expiresInSeconds?: number; scopes?: string[]; subscribed?: boolean } = {}) {
  const pageId = `41${uid()}`;
  await control("POST", "/pages", { pages: [{ id: pageId, name: "Checked Clinic", subscribed: opts.subscribed ?? true }] });
  const { accessToken } = await control<{ accessToken: string }>("POST", "/tokens", { pageId, expiresInSeconds: opts.expiresInSeconds ?? 0, ...(opts.scopes ? { scopes: opts.scopes } : {}) });
  const row = await connectTestAccount(org.org.id, org.users.ADMIN.id, { externalId: pageId, token: accessToken });
  return { pageId, token: accessToken, id: row.id };
}

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  org = await createOrgWithMembers();
});

afterAll(async () => {
  await sim.close();
});

describe("checkConnectedAccounts", () => {
  it("marks expired and revoked tokens and a lost permission, notifies the admins once, restores a lost subscription", async () => {
    const healthy = await pageWithToken({ subscribed: false });
    const expiring = await pageWithToken({ expiresInSeconds: 60 });
    const revoked = await pageWithToken();
    const narrowed = await pageWithToken({ scopes: ["pages_show_list", "pages_read_engagement"] });
    await control("POST", "/tokens/revoke", { token: revoked.token });
    await control("POST", "/clock", { advanceSeconds: 120 });

    expect(await check()).toEqual({ checked: 4, expired: 1, revoked: 2, resubscribed: 1, failed: 0 });
    expect(await account(expiring.id)).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_EXPIRED" });
    expect(await account(revoked.id)).toMatchObject({ status: "REVOKED", lastErrorCode: "TOKEN_INVALID" });
    expect(await account(narrowed.id)).toMatchObject({ status: "REVOKED", lastErrorCode: "MISSING_PERMISSIONS" });
    expect(await account(healthy.id)).toMatchObject({ status: "ACTIVE", lastErrorCode: null, lastCheckedAt: expect.any(Date) });
    expect(await subscribed(healthy.pageId)).toContain("feed");
    expect(await auditEventsFor(org.org.id, { action: "account.resubscribed", targetId: healthy.id })).toHaveLength(1);
    const notes = await db().notification.findMany({ where: { orgId: org.org.id, kind: "account_disconnected" } });
    expect(notes.map((n) => n.userId)).toEqual([org.users.ADMIN.id, org.users.ADMIN.id, org.users.ADMIN.id]);

    // The next run: nothing new (the marked accounts are no longer ACTIVE; the subscription is there).
    expect(await check()).toEqual({ checked: 1, expired: 0, revoked: 0, resubscribed: 0, failed: 0 });
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected" } })).toBe(3);
  });

  it("leaves an account as it was when Meta cannot be reached", async () => {
    const other = await createOrgWithMembers();
    await connectTestAccount(other.org.id, other.users.ADMIN.id, { token: "EAAunreachable.sig" });
    const counts = await checkConnectedAccounts({ meta: metaClientFromEnv(metaEnv(), { graphUrl: "http://127.0.0.1:9", timeoutMs: 500 }), orgId: other.org.id, minIntervalMs: 0 });
    expect(counts).toMatchObject({ checked: 0, failed: 1 });
    expect(await db().connectedAccount.findFirstOrThrow({ where: { orgId: other.org.id } })).toMatchObject({ status: "ACTIVE", lastCheckedAt: null });
  });
});
