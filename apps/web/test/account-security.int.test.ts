import { db } from "@vetted/db";
import { readFileSync } from "node:fs";
import path from "node:path";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { TEST_PASSWORD, totpAtForTests } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { APP_DIR, callRoute, form, HTTP_METHODS, importApp, listAppFiles } from "./route-harness";
import { buildFixture, ROUTES, type Fixture } from "./route-table";

// Issue 15 over HTTP and server actions: sensitive actions answer REAUTH_REQUIRED until the session
// re-authenticates; a user whose org requires MFA is held at enrolment; the account routes act on
// the caller's own sessions only.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "account-security" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { redirectTo: to });
  },
  notFound: () => {
    throw new Error("notFound");
  },
}));

type Json = { error?: { code: string; message: string }; [k: string]: unknown };
type Action = (...args: unknown[]) => Promise<{ ok: boolean; error?: { code: string }; data?: unknown }>;
let f: Fixture;

async function actAs(userId: string, reauthAt: Date | null = null) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15, reauthAt } });
  acting.userId = userId;
  acting.sessionId = session.id;
  return session.id;
}
const stale = () => new Date(Date.now() - 6 * 60_000);
const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Json });

const MEMBER = "api/orgs/[orgSlug]/members/[memberId]/route.ts";
const REVOKE = "api/orgs/[orgSlug]/consents/[consentId]/revoke/route.ts";
const AUDIT_EXPORT = "api/orgs/[orgSlug]/audit/export/route.ts";
const REAUTH = "api/account/reauth/route.ts";

beforeAll(async () => {
  f = await buildFixture();
});

describe("re-authentication before sensitive actions", () => {
  it("role change: 401 REAUTH_REQUIRED with a stale session; after POST /api/account/reauth it goes through", async () => {
    await actAs(f.a.users.ADMIN.id, stale());
    const params = { orgSlug: f.a.org.slug, memberId: f.a.members.CONSULTANT.id };
    const refused = await json(await callRoute(MEMBER, "PATCH", params, { body: JSON.stringify({ role: "STAFF" }) }));
    expect(refused).toMatchObject({ status: 401, body: { error: { code: "REAUTH_REQUIRED" } } });
    expect((await db().membership.findFirstOrThrow({ where: { id: f.a.members.CONSULTANT.id, orgId: f.a.org.id } })).role).toBe("CONSULTANT");

    expect((await json(await callRoute(REAUTH, "POST", {}, { body: JSON.stringify({ password: "wrong password" }) }))).status).toBe(400);
    expect((await json(await callRoute(REAUTH, "POST", {}, { body: JSON.stringify({ password: TEST_PASSWORD }) }))).status).toBe(200);
    const done = await json(await callRoute(MEMBER, "PATCH", params, { body: JSON.stringify({ role: "STAFF" }) }));
    expect(done).toMatchObject({ status: 200, body: { member: { role: "STAFF" } } });
    await callRoute(MEMBER, "PATCH", params, { body: JSON.stringify({ role: "CONSULTANT" }) });
  });

  it("the role-change server action answers REAUTH_REQUIRED too (the form shows the prompt)", async () => {
    await actAs(f.a.users.ADMIN.id, null);
    const { changeMemberRoleAction } = (await importApp("orgs/[orgSlug]/members/actions.ts")) as Record<string, Action>;
    const result = await changeMemberRoleAction!(f.a.org.slug, null, form({ memberId: f.a.members.CONSULTANT.id, role: "STAFF" }));
    expect(result).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
  });

  it("consent revocation and the audit export: REAUTH_REQUIRED when stale, and another org's caller still gets 404 first", async () => {
    await actAs(f.a.users.STAFF.id, stale());
    const revoke = await json(await callRoute(REVOKE, "POST", { orgSlug: f.a.org.slug, consentId: f.consentId }, { body: JSON.stringify({ receivedAt: new Date().toISOString(), method: "LETTER" }) }));
    expect(revoke).toMatchObject({ status: 401, body: { error: { code: "REAUTH_REQUIRED" } } });
    expect((await db().consent.findFirstOrThrow({ where: { id: f.consentId, orgId: f.a.org.id } })).status).toBe("ACTIVE");
    const { revokeConsentAction } = (await importApp("orgs/[orgSlug]/consents/actions.ts")) as Record<string, Action>;
    expect(await revokeConsentAction!(f.a.org.slug, null, form({ consentId: f.consentId, receivedAt: new Date().toISOString().slice(0, 10), method: "LETTER" }))).toMatchObject({
      ok: false, error: { code: "REAUTH_REQUIRED" },
    });

    await actAs(f.a.users.ADMIN.id, stale());
    expect((await json(await callRoute(AUDIT_EXPORT, "GET", { orgSlug: f.a.org.slug }))).body.error?.code).toBe("REAUTH_REQUIRED");
    await actAs(f.b.users.ADMIN.id, new Date());
    expect((await callRoute(AUDIT_EXPORT, "GET", { orgSlug: f.a.org.slug })).status).toBe(404);
  });

  it("an approval over blocking findings needs it; a plain decision does not", async () => {
    await actAs(f.a.users.COMPLIANCE_OFFICER.id, stale());
    const DECISION = "api/orgs/[orgSlug]/posts/[postId]/decision/route.ts";
    const params = { orgSlug: f.a.org.slug, postId: f.postId };
    const override = await json(await callRoute(DECISION, "POST", params, { body: JSON.stringify({ revision: 1, decision: "APPROVE", overrides: { [f.findingId]: { reasonCode: "OTHER", justification: "Reviewed in person" } } }) }));
    expect(override).toMatchObject({ status: 401, body: { error: { code: "REAUTH_REQUIRED" } } });
    // Without an override the decision reaches the domain (which has its own rules about this draft post).
    const plain = await json(await callRoute(DECISION, "POST", params, { body: JSON.stringify({ revision: 1, decision: "REJECT", comment: "no" }) }));
    expect(plain.body.error?.code).not.toBe("REAUTH_REQUIRED");
  });

  it("a TOTP code re-authenticates as well as the password", async () => {
    const sessionId = await actAs(f.a.users.COMPLIANCE_OFFICER.id, null);
    const { startMfaEnrolmentAction, confirmMfaEnrolmentAction } = (await importApp("account/security/actions.ts")) as Record<string, Action>;
    const started = (await startMfaEnrolmentAction!(null, form({}))).data as { secret: string };
    expect(await confirmMfaEnrolmentAction!(null, form({ code: await totpAtForTests(started.secret, new Date()) }))).toMatchObject({ ok: true });
    // As if the enrolment were a while ago: its code's step is no longer the last one used.
    await db().userMfa.update({ where: { userId: f.a.users.COMPLIANCE_OFFICER.id }, data: { lastStep: 0 } });
    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: null } });
    const code = await totpAtForTests(started.secret, new Date());
    expect((await callRoute(REAUTH, "POST", {}, { body: JSON.stringify({ code }) })).status).toBe(200);
    expect((await db().userSession.findUniqueOrThrow({ where: { id: sessionId } })).reauthAt).not.toBeNull();
  });
});

/** "file METHOD" of every handler declared `{ reauth: true }`: the source is the list, so a new one is covered. */
function sensitiveRoutes(): string[] {
  return listAppFiles("route.ts").flatMap((file) => {
    const source = readFileSync(path.join(APP_DIR, file), "utf8");
    const parts = source.split(/(?=export const (?:GET|POST|PUT|PATCH|DELETE)\b)/);
    return HTTP_METHODS.filter((m) => parts.some((p) => p.startsWith(`export const ${m} `) && /reauth: true/.test(p))).map((m) => `${file} ${m}`);
  });
}

describe("security matrix: every sensitive route", () => {
  const sensitive = sensitiveRoutes();

  it("includes role changes, consent revocation and the audit, evidence and training exports", () => {
    for (const expected of [`${MEMBER} PATCH`, `${REVOKE} POST`, `${AUDIT_EXPORT} GET`, "api/orgs/[orgSlug]/policy/evidence-pack/route.ts GET", "api/orgs/[orgSlug]/policy/coverage/export/route.ts GET", "api/orgs/[orgSlug]/policy/reports/[report]/route.ts GET"]) {
      expect(sensitive).toContain(expected);
    }
  });

  it("answers 401 REAUTH_REQUIRED to a stale session and lets a fresh one through to the use case", async () => {
    for (const key of sensitive) {
      const entry = ROUTES[key];
      expect(entry, `${key} is missing from route-table.ts`).toBeDefined();
      const [file, method] = key.split(" ") as [string, string];
      const call = () => callRoute(file, method, entry!.params(f), { query: entry!.query, ...(entry!.body ? { body: JSON.stringify(entry!.body(f)) } : {}) });
      await actAs(f.a.users.COMPLIANCE_OFFICER.id, stale());
      expect(await json(await call()), key).toMatchObject({ status: 401, body: { error: { code: "REAUTH_REQUIRED" } } });
      await actAs(f.a.users.COMPLIANCE_OFFICER.id, new Date());
      const fresh = await call();
      const code = fresh.headers.get("content-type")?.includes("json") ? ((await fresh.json()) as Json).error?.code : undefined;
      expect(code, key).not.toBe("REAUTH_REQUIRED");
    }
  });
});

describe("org MFA policy", () => {
  it("every org route refuses a member who must enrol (strictest org wins) with 403 MFA_ENROLMENT_REQUIRED", async () => {
    const agency = await createAgency();
    const strict = await createOrg(agency.id, undefined, { requireMfaForAdmins: true });
    const user = await createUser({ passwordHash: "x".repeat(20) });
    await addMember(f.a.org.id, user.id, "ADMIN");
    await addMember(strict.id, user.id, "COMPLIANCE_OFFICER");
    await actAs(user.id, new Date());
    for (const [key, entry] of Object.entries(ROUTES)) {
      const [file, method] = key.split(" ") as [string, string];
      const response = await callRoute(file, method, entry.params(f), { query: entry.query, ...(entry.body ? { body: JSON.stringify(entry.body(f)) } : {}) });
      expect(await json(response), key).toMatchObject({ status: 403, body: { error: { code: "MFA_ENROLMENT_REQUIRED" } } });
    }
  });

  it("holds an admin of an org requiring MFA at enrolment: org routes 403 MFA_ENROLMENT_REQUIRED, account routes open", async () => {
    const agency = await createAgency();
    const strict = await createOrg(agency.id, undefined, { requireMfaForAdmins: true });
    const user = f.b.users.CONSULTANT;
    await addMember(strict.id, user.id, "ADMIN");
    await actAs(user.id, new Date());
    const blocked = await json(await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: f.b.org.slug }));
    expect(blocked).toMatchObject({ status: 403, body: { error: { code: "MFA_ENROLMENT_REQUIRED" } } });
    // A server action redirects to the enrolment page.
    const { inviteMemberAction } = (await importApp("orgs/[orgSlug]/members/actions.ts")) as Record<string, Action>;
    await expect(inviteMemberAction!(strict.slug, null, form({ email: "x@example.org", role: "STAFF" }))).rejects.toMatchObject({ redirectTo: "/account/security" });
    expect((await callRoute("api/account/sessions/route.ts", "GET", {})).status).toBe(200);

    const { startMfaEnrolmentAction, confirmMfaEnrolmentAction } = (await importApp("account/security/actions.ts")) as Record<string, Action>;
    const started = (await startMfaEnrolmentAction!(null, form({}))).data as { secret: string; qrDataUrl: string };
    expect(started.qrDataUrl).toMatch(/^data:image\/svg\+xml/);
    const confirmed = await confirmMfaEnrolmentAction!(null, form({ code: await totpAtForTests(started.secret, new Date()) }));
    expect((confirmed.data as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    expect((await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: f.b.org.slug })).status).toBe(200);
  });
});

describe("the caller's sessions", () => {
  it("lists them, ends one, refuses another user's session (404), and ends all others", async () => {
    const me = f.b.users.STAFF.id;
    const other = await db().userSession.create({ data: { userId: me, idleMinutes: 15, ip: "192.0.2.9", userAgent: "Other browser" } });
    const third = await db().userSession.create({ data: { userId: me, idleMinutes: 15 } });
    const theirs = await db().userSession.create({ data: { userId: f.b.users.ADMIN.id, idleMinutes: 15 } });
    const current = await actAs(me, new Date());
    const list = await json(await callRoute("api/account/sessions/route.ts", "GET", {}));
    const ids = (list.body.sessions as { id: string; current: boolean }[]).map((s) => s.id).sort();
    expect(ids).toEqual([current, other.id, third.id].sort());

    expect((await callRoute("api/account/sessions/[sessionId]/route.ts", "DELETE", { sessionId: theirs.id })).status).toBe(404);
    expect((await db().userSession.findUniqueOrThrow({ where: { id: theirs.id } })).endedAt).toBeNull();
    expect((await callRoute("api/account/sessions/[sessionId]/route.ts", "DELETE", { sessionId: other.id })).status).toBe(200);
    expect((await db().userSession.findUniqueOrThrow({ where: { id: other.id } })).endReason).toBe("revoked");

    const { revokeOtherSessionsAction } = (await importApp("account/security/actions.ts")) as Record<string, Action>;
    expect(await revokeOtherSessionsAction!(null, form({}))).toMatchObject({ ok: true, data: { ended: 1 } });
    expect((await db().userSession.findUniqueOrThrow({ where: { id: third.id } })).endedAt).not.toBeNull();
    expect((await db().userSession.findUniqueOrThrow({ where: { id: current } })).endedAt).toBeNull();
  });

  it("removing a member ends their sessions at once: their next request is signed out", async () => {
    const target = f.b.members.CONSULTANT;
    const victimSession = await actAs(target.userId, new Date());
    expect((await callRoute("api/account/sessions/route.ts", "GET", {})).status).toBe(200);
    await actAs(f.b.users.ADMIN.id, new Date());
    expect((await callRoute(MEMBER, "DELETE", { orgSlug: f.b.org.slug, memberId: target.id })).status).toBe(200);
    acting.userId = target.userId;
    acting.sessionId = victimSession;
    expect(await json(await callRoute("api/account/sessions/route.ts", "GET", {}))).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
  });
});
