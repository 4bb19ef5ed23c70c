import { db, disconnectDb } from "@vetted/db";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { verifyAuditChain } from "@vetted/domain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, form, importApp } from "./route-harness";

// Finding 8a: a signed-in user refused access to an org (404) or an action (403) leaves an
// `access.denied` event in the target org's chain, once per minute per (user, org, reason).

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "203.0.113.7", userAgent: "access-denied-test" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

const deniedIn = async (orgId: string | null, actorId: string) =>
  (await auditEventsFor(orgId, { action: "access.denied" })).filter((e) => e.actorId === actorId);

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => disconnectDb());

describe("access.denied in the audit trail", () => {
  it("records org B's member probing an org A route in A's chain, with the route pattern and no PHI", async () => {
    await actAs(b.users.ADMIN.id);
    const response = await callRoute("api/orgs/[orgSlug]/consents/search/route.ts", "POST", { orgSlug: a.org.slug }, {
      body: JSON.stringify({ name: "Jane Patient" }),
      query: "?q=Jane%20Patient",
    });
    expect(response.status).toBe(404);
    const events = await deniedIn(a.org.id, b.users.ADMIN.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: "203.0.113.7", targetId: a.org.id, metadata: { reason: "not_member", route: "/api/orgs/[orgSlug]/consents/search" } });
    expect(JSON.stringify(events[0])).not.toMatch(/Jane|Patient|q=/);
    expect((await verifyAuditChain(a.org.id)).ok).toBe(true);
  });

  it("writes one event for 20 repeated attempts", async () => {
    await actAs(b.users.STAFF.id);
    for (let i = 0; i < 20; i++) {
      const response = await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: a.org.slug });
      expect(response.status).toBe(404);
    }
    expect(await deniedIn(a.org.id, b.users.STAFF.id)).toHaveLength(1);
  });

  it("records a refusal by role (FORBIDDEN) from a route and from a server action", async () => {
    await actAs(a.users.STAFF.id);
    const response = await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: a.org.slug });
    expect(response.status).toBe(403);
    const { inviteMemberAction } = (await importApp("orgs/[orgSlug]/members/actions.ts")) as { inviteMemberAction: (s: string, p: null, d: FormData) => Promise<unknown> };
    // Another org's staff member, so the route's event above does not rate-limit this one.
    await actAs(b.users.STAFF.id);
    expect(await inviteMemberAction(b.org.slug, null, form({ email: "x@example.org", role: "STAFF" }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await deniedIn(a.org.id, a.users.STAFF.id)).toEqual([
      expect.objectContaining({ metadata: { reason: "forbidden", permission: "members.view", route: "/api/orgs/[orgSlug]/members" } }),
    ]);
    expect(await deniedIn(b.org.id, b.users.STAFF.id)).toEqual([
      expect.objectContaining({ metadata: { reason: "forbidden", permission: "members.invite", route: "server action" } }),
    ]);
  });

  it("records an unknown slug in the platform chain", async () => {
    await actAs(a.users.CONSULTANT.id);
    const response = await callRoute("api/orgs/[orgSlug]/posts/route.ts", "GET", { orgSlug: "no-such-org-at-all" });
    expect(response.status).toBe(404);
    const events = await deniedIn(null, a.users.CONSULTANT.id);
    expect(events).toEqual([expect.objectContaining({ metadata: { reason: "unknown_org", route: "/api/orgs/[orgSlug]/posts" } })]);
  });

  it("does not record a member's own successful request", async () => {
    await actAs(a.users.ADMIN.id);
    expect((await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: a.org.slug })).status).toBe(200);
    expect(await deniedIn(a.org.id, a.users.ADMIN.id)).toEqual([]);
  });
});
