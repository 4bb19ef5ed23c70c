import { randomBytes, randomUUID } from "node:crypto";
import { consentEnv, linkedinEnv, xEnv, type ConsentKeys } from "@vetted/config";
import { db } from "@vetted/db";
import {
  checkConnectedAccounts, completeAccountConnect, linkedinClientFromEnv, linkedinOAuthFromEnv, linkedinPlatformClient, openModerationField, reencryptStoredFields,
  sendModerationAction, startAccountConnect, withXAccountToken, xClientFromEnv, xOAuthFromEnv, xPlatformClient, type ConnectPlatform,
} from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Stored LinkedIn and X tokens against the simulator over real HTTP: a LinkedIn call answered 401 is
// tried once more after a refresh (or marks the account EXPIRED when the refresh is refused too); X's
// account check learns the scopes the grant still holds from a refresh and marks a lost one; an X
// refresh that races a key rotation still refreshes (the token is compared decrypted).

let sim: Simulator;
const uid = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(-12);
let deps: {
  xOAuth: ReturnType<typeof xOAuthFromEnv>; x: ReturnType<typeof xClientFromEnv>;
  linkedinOAuth: ReturnType<typeof linkedinOAuthFromEnv>; linkedin: ReturnType<typeof linkedinClientFromEnv>; redirectUri: string;
};

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function connect(org: TestOrg, platform: ConnectPlatform, extra = "") {
  const { authorizeUrl } = await startAccountConnect(org.ctx.ADMIN, { platform }, deps);
  const res = await fetch(authorizeUrl + extra, { redirect: "manual" });
  const query = Object.fromEntries(new URL(res.headers.get("location")!).searchParams);
  const result = await completeAccountConnect(org.ctx.ADMIN, { ...query, platform }, deps);
  const { id } = (result as { accounts: { id: string }[] }).accounts[0]!;
  return db().connectedAccount.findFirstOrThrow({ where: { orgId: org.org.id, id } });
}

const connectX = async (org: TestOrg) => {
  const id = `79${uid()}`;
  await control("POST", "/x/accounts", { accounts: [{ id, username: `tok_${id.slice(-8)}` }] });
  return connect(org, "X", `&login_as=${id}`);
};

const connectLinkedIn = async (org: TestOrg) => {
  await control("POST", "/linkedin/orgs", { orgs: [{ id: "3000001", name: "Vetted Demo Clinic", administered: false }, { id: `8${uid()}`, name: "Refresh Clinic" }] });
  return connect(org, "LINKEDIN");
};

const secretOf = (row: { id: string; orgId: string }, cipher: string | null, field: "token" | "refresh") => openModerationField(cipher!, "connected-account", row.orgId, row.id, field);
const reload = (row: { id: string; orgId: string }) => db().connectedAccount.findFirstOrThrow({ where: { orgId: row.orgId, id: row.id } });
const refreshes = async (org: TestOrg, accountId: string) => (await auditEventsFor(org.org.id, { action: "account.token_refreshed", targetId: accountId })).map((e) => e.metadata);
const disconnectedNotes = (org: TestOrg) => db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected" } });

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, log: () => undefined });
  deps = {
    xOAuth: xOAuthFromEnv(xEnv(), { apiBase: sim.url, authorizeUrl: `${sim.url}/i/oauth2/authorize`, timeoutMs: 5_000 }),
    x: xClientFromEnv(xEnv(), { apiBase: sim.url, timeoutMs: 5_000 }),
    linkedinOAuth: linkedinOAuthFromEnv(linkedinEnv(), { authorizeUrl: `${sim.url}/oauth/v2/authorization`, authBase: sim.url, timeoutMs: 5_000 }),
    linkedin: linkedinClientFromEnv(linkedinEnv(), { apiBase: sim.url, timeoutMs: 5_000 }),
    redirectUri: "http://127.0.0.1:3999/api/oauth/cb",
  };
});

afterAll(() => sim.close());

describe("LinkedIn: a 401 refreshes the member token once", () => {
  it("re-reads with a refreshed token (stored at once); without an OAuth client the 401 stands", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectLinkedIn(org);
    const comment = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: row.externalId, message: "Thanks for the flu clinic" });
    const stale = secretOf(row, row.tokenCipher, "token");
    // The member's token stops working before its 60 days (LinkedIn revoked it); the refresh token still works.
    await control("POST", "/linkedin/tokens/revoke", { token: stale });
    const access = { platform: "LINKEDIN" as const, externalId: row.externalId, accessToken: stale, accountId: row.id, orgId: org.org.id };

    await expect(linkedinPlatformClient(deps.linkedin).readComment!(access, comment.commentUrn)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    expect(await refreshes(org, row.id)).toEqual([]);

    const read = await linkedinPlatformClient(deps.linkedin, () => deps.linkedinOAuth).readComment!(access, comment.commentUrn);
    expect(read).toMatchObject({ externalId: comment.commentUrn, text: "Thanks for the flu clinic", hidden: false });
    const after = await reload(row);
    const fresh = secretOf(after, after.tokenCipher, "token");
    expect(fresh).not.toBe(stale);
    expect((await deps.linkedinOAuth.introspect(fresh)).active).toBe(true);
    expect(after.status).toBe("ACTIVE");
    // LinkedIn keeps the refresh token and its end (sent again in whole seconds).
    expect(secretOf(after, after.refreshTokenCipher, "refresh")).toBe(secretOf(row, row.refreshTokenCipher, "refresh"));
    expect(Math.abs(after.refreshTokenExpiresAt!.getTime() - row.refreshTokenExpiresAt!.getTime())).toBeLessThan(1_500);
    expect(await refreshes(org, row.id)).toEqual([{ platform: "LINKEDIN", rotated: false }]);
  });

  it("a refused refresh leaves the delete waiting, the account EXPIRED and its admins told", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectLinkedIn(org);
    const posted = await control<{ commentUrn: string; commentId: string }>("POST", "/linkedin/comments", { org: row.externalId, message: "Call me about my results" });
    for (const field of ["token", "refresh"] as const) {
      await control("POST", "/linkedin/tokens/revoke", { token: secretOf(row, field === "token" ? row.tokenCipher : row.refreshTokenCipher, field) });
    }
    const commentId = randomUUID();
    const actionId = randomUUID();
    await db().socialComment.create({ data: { id: commentId, orgId: org.org.id, accountId: row.id, platform: "LINKEDIN", externalId: posted.commentUrn, lastEventAt: new Date() } });
    await db().moderationAction.create({ data: { id: actionId, orgId: org.org.id, commentId, accountId: row.id, kind: "DELETE" } });
    const client = linkedinPlatformClient(deps.linkedin, () => deps.linkedinOAuth);

    expect(await sendModerationAction(org.org.id, actionId, { clients: (p) => (p === "LINKEDIN" ? client : null) })).toBe("DEFERRED");
    expect(await reload(row)).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_INVALID" });
    expect(await disconnectedNotes(org)).toBe(1);
    expect(await db().moderationAction.findFirstOrThrow({ where: { orgId: org.org.id, id: actionId } })).toMatchObject({ status: "PENDING", lastErrorCode: "TOKEN_INVALID" });
    expect((await control<{ deleted: boolean }>("GET", `/linkedin/comments/${posted.commentId}`)).deleted).toBe(false);
    expect(await refreshes(org, row.id)).toEqual([]);
  });
});

describe("X: the account check reads the scopes a refresh answers", () => {
  it("marks an account whose grant lost tweet.moderate.write (MISSING_PERMISSIONS, admins told once)", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectX(org);
    expect(row.scopes).toEqual(expect.arrayContaining(["tweet.read", "users.read", "tweet.moderate.write", "offline.access"]));
    const check = () => checkConnectedAccounts({ orgId: org.org.id, minIntervalMs: 0, x: deps.x, xOAuth: deps.xOAuth, linkedinOAuth: deps.linkedinOAuth });
    expect(await check()).toEqual({ checked: 1, expired: 0, revoked: 0, resubscribed: 0, failed: 0 });
    expect(await reload(row)).toMatchObject({ status: "ACTIVE", lastErrorCode: null });

    // The user takes the moderation permission back on X: the token still reads, a hide is refused.
    await control("POST", "/x/scopes/revoke", { userId: row.externalId, scopes: ["tweet.moderate.write"] });
    const post = await control<{ id: string }>("POST", "/x/tweets", { authorId: row.externalId, text: "Vaccination hours" });
    const reply = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: post.id, text: "thanks" });
    const current = await reload(row);
    await expect(xPlatformClient(deps.x, { xOAuth: deps.xOAuth }).setCommentHidden({ platform: "X", externalId: row.externalId, accessToken: "unused", accountId: row.id, orgId: org.org.id }, reply.id, true))
      .rejects.toMatchObject({ code: "PERMISSION" });

    expect(await check()).toEqual({ checked: 1, expired: 0, revoked: 1, resubscribed: 0, failed: 0 });
    const after = await reload(current);
    expect(after).toMatchObject({ status: "REVOKED", lastErrorCode: "MISSING_PERMISSIONS" });
    expect(after.scopes).not.toContain("tweet.moderate.write");
    expect(await disconnectedNotes(org)).toBe(1);
    expect((await auditEventsFor(org.org.id, { action: "account.token_invalid", targetId: row.id })).map((e) => e.metadata)).toEqual([expect.objectContaining({ platform: "X", errorCode: "MISSING_PERMISSIONS", status: "REVOKED" })]);
    // Not checked again until reconnected: no second notice.
    expect(await check()).toEqual({ checked: 0, expired: 0, revoked: 0, resubscribed: 0, failed: 0 });
  });
});

describe("X: a refresh during a key rotation", () => {
  const dev = consentEnv();
  const rotated: ConsentKeys = { ...dev, keys: new Map([...dev.keys, ["k2028", randomBytes(32)]]), activeKeyId: "k2028" };
  const back: ConsentKeys = { ...rotated, activeKeyId: dev.activeKeyId };

  it("finds the same token under a new envelope and refreshes it, instead of retrying the refused one", async () => {
    await control("POST", "/reset");
    const org = await createOrgWithMembers();
    const row = await connectX(org);
    // The process's keyring lists the new key (as a rotation deploys it first), the dev key stays active.
    // (The parsed env is cached per process: its Map is what every decryption reads.)
    const keyring = dev.keys as Map<string, Buffer>;
    keyring.set("k2028", rotated.keys.get("k2028")!);
    try {
      // X's clock passes the 2 hours, Vetted's record does not know: the first call is answered 401.
      await control("POST", "/clock", { advanceSeconds: 2 * 3600 + 60 });
      let calls = 0;
      const me = await withXAccountToken({ orgId: org.org.id, accountId: row.id }, async (token) => {
        // Between the read of the row and the refresh, the rotation sweep rewrites the account's envelopes.
        if (calls++ === 0) expect((await reencryptStoredFields({ keys: rotated, orgId: org.org.id })).byTable.ConnectedAccount).toBe(1);
        return deps.x.getMe(token);
      }, { xOAuth: deps.xOAuth });
      expect(me.id).toBe(row.externalId);
      expect(calls).toBe(2);
      expect(await refreshes(org, row.id)).toEqual([{ platform: "X", rotated: true }]);
      const after = await reload(row);
      expect(secretOf(after, after.tokenCipher, "token")).not.toBe(secretOf(row, row.tokenCipher, "token"));
    } finally {
      await reencryptStoredFields({ keys: back, orgId: org.org.id });
      keyring.delete("k2028");
    }
  });
});
