import { randomBytes } from "node:crypto";
import { DEV_INTAKE_SECRET } from "@vetted/config";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { LIMIT_AUDIT_ACTION, LIMITS } from "@vetted/domain";
import { createOrgWithMembers, randomTestIp, spendLimit, tempMediaDir, type TestOrg } from "@vetted/domain/testing";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, form, importApp } from "./route-harness";

// The abuse limits (issue 15) as the app answers them: 429 with Retry-After and a JSON error naming
// the rule for route handlers, a form error for server actions, a page that says to wait for public
// links. The counting itself is tested in packages/domain/src/limits/*.int.test.ts.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null, ip: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: acting.ip, userAgent: "abuse-limits" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// The public approval page reads its link's session cookie (issue 16): an empty jar, as for a browser without one.
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }), headers: async () => new Headers() }));
// Outside a real request Next's connection() throws; inside one it only marks the page dynamic.
vi.mock("next/server", async (original) => ({ ...(await original<Record<string, unknown>>()), connection: async () => undefined }));

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; limit?: string; retryAfterSeconds?: number } };

let t: TestOrg;
let store: Awaited<ReturnType<typeof tempMediaDir>>;
beforeAll(async () => {
  store = await tempMediaDir("abuse-limits");
  t = await createOrgWithMembers();
});
afterAll(() => store.close());

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15, reauthAt: new Date() } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

async function expectLimited(response: Response, limit: string) {
  expect(response.status).toBe(429);
  const wait = Number(response.headers.get("retry-after"));
  expect(wait).toBeGreaterThan(0);
  const body = (await response.json()) as ErrorJson;
  expect(body.error).toMatchObject({ code: "RATE_LIMITED", limit, retryAfterSeconds: wait });
  expect(body.error.message).toMatch(/^Too many .+: try again in \d+ (seconds?|minutes|hours)$/);
}

describe("invitations", () => {
  it("answers the route with 429 and the server action with a form error once the inviter's hour is spent", async () => {
    const org = await createOrgWithMembers();
    await actAs(org.users.ADMIN.id);
    await spendLimit("invitations.user", org.users.ADMIN.id, LIMITS["invitations.user"].points);
    const res = await callRoute("api/orgs/[orgSlug]/invitations/route.ts", "POST", { orgSlug: org.org.slug }, { body: JSON.stringify({ email: `${uniq("inv")}@test.vetted.local`, role: "STAFF" }) });
    await expectLimited(res, "invitations.user");
    const { inviteMemberAction } = await importApp("orgs/[orgSlug]/members/actions.ts");
    const state = (await (inviteMemberAction as (s: string, p: null, f: FormData) => Promise<unknown>)(org.org.slug, null, form({ email: `${uniq("inv")}@test.vetted.local`, role: "STAFF" }))) as ErrorJson & { ok: boolean };
    expect(state).toMatchObject({ ok: false, error: { code: "RATE_LIMITED", limit: "invitations.user" } });
    expect(state.error.message).toContain("invitations sent by you");
    expect(await db().auditEvent.count({ where: { orgId: org.org.id, action: LIMIT_AUDIT_ACTION } })).toBe(1);
  });
});

describe("uploads", () => {
  const UPLOADS = ["api/orgs/[orgSlug]/media/route.ts", "api/orgs/[orgSlug]/consents/route.ts", "api/orgs/[orgSlug]/group-reports/route.ts", "api/orgs/[orgSlug]/policy/roster/import/route.ts"];

  it("refuses every upload route with 429 once the uploader's hour is spent, before reading the body", async () => {
    await actAs(t.users.ADMIN.id);
    await spendLimit("uploads.user", t.users.ADMIN.id, LIMITS["uploads.user"].points);
    for (const route of UPLOADS) {
      const data = new FormData();
      data.set("file", new File([new Uint8Array(1024)], "a.png", { type: "image/png" }));
      const request = new Request("http://localhost/upload", { method: "POST", body: data });
      const handler = (await importApp(route)).POST as Handler;
      await expectLimited(await handler(request, { params: Promise.resolve({ orgSlug: t.org.slug }) }), "uploads.user");
      expect(request.bodyUsed, route).toBe(false);
    }
    expect(await db().auditEvent.count({ where: { orgId: t.org.id, action: LIMIT_AUDIT_ACTION, targetId: "uploads.user" } })).toBe(1);
  });

  it("sends a form post without JavaScript back to its page with the code only", async () => {
    await actAs(t.users.ADMIN.id);
    const data = new FormData();
    data.set("file", new File([new Uint8Array(16)], "a.pdf", { type: "application/pdf" }));
    const request = new Request("http://localhost/upload", { method: "POST", body: data, headers: { "sec-fetch-mode": "navigate" } });
    const res = await ((await importApp(UPLOADS[1]!)).POST as Handler)(request, { params: Promise.resolve({ orgSlug: t.org.slug }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/orgs/${t.org.slug}/consents/new?failed=RATE_LIMITED`);
  });
});

describe("public links", () => {
  const unknown = () => randomBytes(32).toString("base64url");

  it("answers misses past 30 a minute with 429 on the link routes, a page that says to wait, and a form error", async () => {
    acting.ip = randomTestIp();
    acting.userId = null;
    for (let i = 0; i < LIMITS["public_link.misses"].points; i++) {
      const route = i % 2 ? "sign/[token]/copy/route.ts" : "ack/[token]/quiz/route.ts";
      const res = await callRoute(route, i % 2 ? "GET" : "POST", { token: unknown() }, i % 2 ? {} : { body: JSON.stringify({ answers: {} }) });
      expect(res.status).toBe(404);
    }
    // The 31st miss is answered 429 instead of 404; from then on every public link from this IP is
    // refused before its token is looked up, whatever the request holds.
    await expectLimited(await callRoute("ack/[token]/quiz/route.ts", "POST", { token: unknown() }, { body: JSON.stringify({ answers: {} }) }), "public_link.misses");
    await expectLimited(await callRoute("sign/[token]/submit/route.ts", "POST", { token: unknown() }, { body: "{}" }), "public_link.misses");
    await expectLimited(await callRoute("ack/[token]/reading-time/route.ts", "POST", { token: unknown() }, { body: JSON.stringify({ seconds: 3 }) }), "public_link.misses");
    // The client approver link (issue 16) shares the budget.
    await expectLimited(await callRoute("approve/[token]/verify/route.ts", "POST", { token: unknown() }, { body: JSON.stringify({ code: "123456" }) }), "public_link.misses");
    await expectLimited(await callRoute("approve/[token]/decision/route.ts", "POST", { token: unknown() }, { body: JSON.stringify({ decision: "APPROVE" }) }), "public_link.misses");
    for (const page of ["sign/[token]/page.tsx", "ack/[token]/page.tsx", "invite/[token]/page.tsx", "reset-password/[token]/page.tsx", "approve/[token]/page.tsx"]) {
      const Page = (await importApp(page)).default as (p: { params: Promise<{ token: string }> }) => Promise<ReactElement>;
      const html = renderToStaticMarkup(await Page({ params: Promise.resolve({ token: unknown() }) }));
      expect(html, page).toContain("Too many tries");
      expect(html, page).toMatch(/try again in \d+ seconds?/);
    }
    const { acceptInvitationAction } = await importApp("invite/[token]/actions.ts");
    const state = await (acceptInvitationAction as (t: string, p: null, f: FormData) => Promise<unknown>)(unknown(), null, form({ name: "X", password: "a long enough password 1" }));
    expect(state).toMatchObject({ ok: false, error: { code: "RATE_LIMITED", limit: "public_link.misses" } });
    // Another address is not affected.
    acting.ip = randomTestIp();
    expect((await callRoute("sign/[token]/copy/route.ts", "GET", { token: unknown() })).status).toBe(404);
  });
});

describe("the group intake", () => {
  it("answers wrong secrets past 60 a minute from one IP with 429", async () => {
    acting.ip = randomTestIp();
    const post = (secret: string) => callRoute("api/intake/groups/route.ts", "POST", {}, { body: JSON.stringify({ to: "groups+x@intake.vetted.local", from: "x@y.org", text: "x" }), headers: { "x-intake-secret": secret } });
    for (let i = 0; i < LIMITS["webhook.bad_signatures"].points; i++) expect((await post("wrong")).status).toBe(401);
    await expectLimited(await post("wrong"), "webhook.bad_signatures");
    // The right secret is never limited (this address names no org: 404, not 429).
    expect((await post(DEV_INTAKE_SECRET)).status).toBe(404);
  });
});
