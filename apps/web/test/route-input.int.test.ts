import { db } from "@vetted/db";
import { verifyPayload } from "@vetted/domain";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, form, importApp } from "./route-harness";
import { ROUTES, buildFixture, type Fixture } from "./route-table";

// Bad input on every handler answers 4xx with a message that names the field, never 500, and
// changes nothing stored.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "route-input" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type ErrorJson = { error: { code: string; message: string; fields?: Record<string, string[]> } };
let f: Fixture;

beforeAll(async () => {
  f = await buildFixture();
  const session = await db().userSession.create({ data: { userId: f.a.users.ADMIN.id, idleMinutes: 15, reauthAt: new Date() } });
  acting.userId = f.a.users.ADMIN.id;
  acting.sessionId = session.id;
});

async function expectError(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorJson;
  expect(body.error.message).toBeTruthy();
  if (field) expect(body.error.fields?.[field]?.length, `field ${field} in ${JSON.stringify(body)}`).toBeGreaterThan(0);
  return body;
}

describe("every org route handler", () => {
  for (const [key, entry] of Object.entries(ROUTES)) {
    const [file, method] = key.split(" ") as [string, string];
    it(`${key}: unknown or malformed org slug → 404`, async () => {
      for (const orgSlug of ["no-such-org-anywhere", "../../etc", "UPPER CASE", "x".repeat(300)]) {
        await expectError(await callRoute(file, method, { ...entry.params(f), orgSlug }), 404);
      }
    });
    if (entry.body) {
      it(`${key}: malformed, empty and oversized JSON → 400/413`, async () => {
        await expectError(await callRoute(file, method, entry.params(f), { body: "{not json" }), 400, "_");
        await expectError(await callRoute(file, method, entry.params(f), { body: "" }), 400, "_");
        await expectError(await callRoute(file, method, entry.params(f), { body: JSON.stringify({ pad: "x".repeat(70_000) }) }), 413);
      });
    }
  }
});

describe("field-level validation", () => {
  const org = (path: string) => `api/orgs/[orgSlug]/${path}`;
  it("invitation: missing, oversized and unknown fields are named", async () => {
    const params = { orgSlug: f.a.org.slug };
    const empty = await expectError(await callRoute(org("invitations/route.ts"), "POST", params, { body: "{}" }), 400, "email");
    expect(empty.error.fields?.role).toBeDefined();
    await expectError(await callRoute(org("invitations/route.ts"), "POST", params, { body: JSON.stringify({ email: `${"a".repeat(300)}@example.org`, role: "STAFF" }) }), 400, "email");
    await expectError(await callRoute(org("invitations/route.ts"), "POST", params, { body: JSON.stringify({ email: "ok@example.org", role: "SUPERUSER" }) }), 400, "role");
    await expectError(await callRoute(org("invitations/route.ts"), "POST", params, { body: "[1,2,3]" }), 400);
  });

  it("member and invitation ids must be ids", async () => {
    await expectError(await callRoute(org("members/[memberId]/route.ts"), "PATCH", { orgSlug: f.a.org.slug, memberId: "not-a-uuid" }, { body: JSON.stringify({ role: "STAFF" }) }), 400, "memberId");
    await expectError(await callRoute(org("members/[memberId]/route.ts"), "PATCH", { orgSlug: f.a.org.slug, memberId: f.a.members.STAFF.id }, { body: "{}" }), 400, "role");
    await expectError(await callRoute(org("members/[memberId]/route.ts"), "DELETE", { orgSlug: f.a.org.slug, memberId: "1 OR 1=1" }), 400, "memberId");
    await expectError(await callRoute(org("invitations/[invitationId]/route.ts"), "DELETE", { orgSlug: f.a.org.slug, invitationId: "abc" }), 400, "invitationId");
  });

  it("org settings: out-of-range timeout, empty change", async () => {
    await expectError(await callRoute(org("route.ts"), "PATCH", { orgSlug: f.a.org.slug }, { body: JSON.stringify({ idleTimeoutMinutes: 0 }) }), 400, "idleTimeoutMinutes");
    await expectError(await callRoute(org("route.ts"), "PATCH", { orgSlug: f.a.org.slug }, { body: JSON.stringify({ idleTimeoutMinutes: 600 }) }), 400, "idleTimeoutMinutes");
    await expectError(await callRoute(org("route.ts"), "PATCH", { orgSlug: f.a.org.slug }, { body: JSON.stringify({ name: "" }) }), 400, "name");
    await expectError(await callRoute(org("route.ts"), "PATCH", { orgSlug: f.a.org.slug }, { body: "{}" }), 400);
  });

  it("audit filters: impossible dates, reversed range, huge pages", async () => {
    const params = { orgSlug: f.a.org.slug };
    await expectError(await callRoute(org("audit/route.ts"), "GET", params, { query: "?from=2026-13-01" }), 400, "from");
    await expectError(await callRoute(org("audit/route.ts"), "GET", params, { query: "?from=2026-05-02&to=2026-05-01" }), 400, "to");
    await expectError(await callRoute(org("audit/route.ts"), "GET", params, { query: "?pageSize=100000" }), 400, "pageSize");
    await expectError(await callRoute(org("audit/export/route.ts"), "GET", params, { query: "?actorId=nobody" }), 400, "actorId");
  });

  it("audit checkpoints: a bad seq names the field; the org's own checkpoint downloads as signed JSON", async () => {
    await expectError(await callRoute(org("audit/checkpoints/[seq]/route.ts"), "GET", { orgSlug: f.a.org.slug, seq: "1.5" }), 400, "seq");
    await expectError(await callRoute(org("audit/checkpoints/[seq]/route.ts"), "GET", { orgSlug: f.a.org.slug, seq: "999999" }), 404);
    const created = await callRoute(org("audit/checkpoints/route.ts"), "POST", { orgSlug: f.a.org.slug });
    expect(created.status).toBe(200);
    const { seq } = (await created.json()) as { seq: number };
    const response = await callRoute(org("audit/checkpoints/[seq]/route.ts"), "GET", { orgSlug: f.a.org.slug, seq: String(seq) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="audit-checkpoint-.*\.json"/);
    const doc = (await response.json()) as { payload: Parameters<typeof verifyPayload>[0]; signature: string; publicKeyPem: string };
    expect(doc.payload).toMatchObject({ orgId: f.a.org.id, seq });
    expect(verifyPayload(doc.payload, doc.signature, doc.publicKeyPem)).toBe(true);
  });

  it("posts: unknown channel, past schedule, empty text, stale revision submitted twice", async () => {
    const params = { orgSlug: f.a.org.slug };
    const before = await db().post.count({ where: { orgId: f.a.org.id } });
    await expectError(await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "t", text: "Open house", channels: ["MYSPACE"] }) }), 400, "channels.0");
    await expectError(await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "t", text: "Open house", channels: ["X"], scheduledAt: "2020-01-01T10:00:00Z" }) }), 400, "scheduledAt");
    await expectError(await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "t", text: "   ", channels: ["X"] }) }), 400, "text");
    await expectError(await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "t", text: "x".repeat(6000), channels: ["X"] }) }), 400, "text");
    expect(await db().post.count({ where: { orgId: f.a.org.id } })).toBe(before);

    const created = await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "Fresh", text: "Flu shots on Saturday", channels: ["X"] }) });
    expect(created.status).toBe(201);
    const { post } = (await created.json()) as { post: { id: string } };
    const postParams = { orgSlug: f.a.org.slug, postId: post.id };
    const edited = await callRoute(org("posts/[postId]/route.ts"), "PATCH", postParams, { body: JSON.stringify({ revision: 1, text: "Flu shots on Saturday, 9 to 1" }) });
    expect(edited.status).toBe(200);
    const stale = await expectError(await callRoute(org("posts/[postId]/submit/route.ts"), "POST", postParams, { body: JSON.stringify({ revision: 1 }) }), 409, "revision");
    expect(stale.error.message).toMatch(/changed since you opened it/);
    await expectError(await callRoute(org("posts/[postId]/submit/route.ts"), "POST", postParams, { body: JSON.stringify({ revision: 1 }) }), 409, "revision");
    const revisions = await db().postRevision.findMany({ where: { orgId: f.a.org.id, postId: post.id }, select: { number: true, text: true } });
    expect(revisions.map((r) => r.number).sort()).toEqual([1, 2]);
    await expectError(await callRoute(org("posts/[postId]/route.ts"), "GET", { orgSlug: f.a.org.slug, postId: "not-a-post" }), 404);
  });

  it("posts (issue 16): a draft may break X's 280, its submit is a 400 naming the text and the network", async () => {
    const params = { orgSlug: f.a.org.slug };
    const created = await callRoute(org("posts/route.ts"), "POST", params, { body: JSON.stringify({ title: "Long", text: "y".repeat(300), channels: ["X"] }) });
    expect(created.status).toBe(201);
    const { post } = (await created.json()) as { post: { id: string } };
    const refused = await expectError(await callRoute(org("posts/[postId]/submit/route.ts"), "POST", { ...params, postId: post.id }, { body: JSON.stringify({ revision: 1 }) }), 400, "text");
    expect(refused.error.fields?.text).toEqual(["X allows 280 characters; this post has 300"]);
    expect(await db().scanJob.count({ where: { orgId: f.a.org.id, postId: post.id } })).toBe(0);
  });

  it("finding decisions (issue 10): override, dismissal and policy fields are named", async () => {
    const decision = org("posts/[postId]/decision/route.ts");
    const params = { orgSlug: f.a.org.slug, postId: f.postId };
    const approve = (extra: Record<string, unknown>) => ({ body: JSON.stringify({ revision: 1, decision: "APPROVE", ...extra }) });
    await expectError(await callRoute(decision, "POST", params, approve({ overrides: "all of them" })), 400, "overrides");
    await expectError(await callRoute(decision, "POST", params, approve({ overrides: { "not-a-finding": { reasonCode: "OTHER" } } })), 400, "overrides.not-a-finding");
    await expectError(await callRoute(decision, "POST", params, approve({ overrides: { [f.findingId]: { reasonCode: "TRUST_ME" } } })), 400, `overrides.${f.findingId}.reasonCode`);
    await expectError(await callRoute(decision, "POST", params, approve({ overrides: { [f.findingId]: { reasonCode: "CONSENT_ON_FILE", consentId: "1 OR 1=1" } } })), 400, `overrides.${f.findingId}.consentId`);
    const dismiss = org("findings/[findingId]/dismiss/route.ts");
    const finding = { orgSlug: f.a.org.slug, findingId: f.findingId };
    await expectError(await callRoute(dismiss, "POST", finding, { body: JSON.stringify({ reasonCode: "BECAUSE" }) }), 400, "reasonCode");
    await expectError(await callRoute(dismiss, "POST", finding, { body: JSON.stringify({ reasonCode: "OTHER" }) }), 400, "reason");
    await expectError(await callRoute(org("approval-policy/route.ts"), "PUT", { orgSlug: f.a.org.slug }, { body: JSON.stringify({ steps: [{ mode: "ANY", roles: ["ADMIN"] }], overridableDirectIdentifiers: "maybe" }) }), 400, "overridableDirectIdentifiers");
    expect(await db().finding.count({ where: { orgId: f.a.org.id, id: f.findingId, dismissedAt: { not: null } } })).toBe(0);
    expect(await db().approval.count({ where: { orgId: f.a.org.id, postId: f.postId } })).toBe(0);
    // The decision form's flat overrides.<findingId>.<field> names reach the domain as one object per finding.
    const posts = (await importApp("orgs/[orgSlug]/posts/actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<unknown>>;
    const flat = form({ postId: f.postId, revision: "1", decision: "APPROVE", [`overrides.${f.findingId}.reasonCode`]: "TRUST_ME", "overrides.nope.reasonCode": "OTHER" });
    expect(await posts.decidePostAction!(f.a.org.slug, null, flat)).toMatchObject({
      ok: false, error: { code: "VALIDATION", fields: { [`overrides.${f.findingId}.reasonCode`]: [expect.any(String)], "overrides.nope": ["Not a valid finding id"] } },
    });
  });

  it("the policy form carries the direct-identifier switch, with JavaScript (JSON) and without", async () => {
    const settings = (await importApp("orgs/[orgSlug]/settings/actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<unknown>>;
    const flag = async () => (await db().approvalPolicy.findFirst({ where: { orgId: f.a.org.id } }))?.overridableDirectIdentifiers;
    const steps = [{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER", "ADMIN"] }];
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, form({ policy: JSON.stringify({ steps, blockingTypes: [], overridableDirectIdentifiers: true }) }))).toMatchObject({ ok: true });
    expect(await flag()).toBe(true);
    const plain = form({ stepCount: "1", "steps.0.mode": "ANY", "steps.0.roles": "COMPLIANCE_OFFICER" });
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, plain)).toMatchObject({ ok: true });
    expect(await flag()).toBe(false);
  });

  it("the policy form carries a client approver step (issue 16), with JavaScript (JSON) and without", async () => {
    const settings = (await importApp("orgs/[orgSlug]/settings/actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<unknown>>;
    const clients = (await importApp("orgs/[orgSlug]/settings/client-approver-actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<unknown>>;
    const steps = async () => (await db().approvalPolicy.findFirstOrThrow({ where: { orgId: f.a.org.id } })).steps;
    const client = { mode: "CLIENT", userIds: [], roles: [], clientApproverIds: [f.clientApproverId] };
    const json = { steps: [{ mode: "ANY", roles: ["COMPLIANCE_OFFICER"] }, client], blockingTypes: [] };
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, form({ policy: JSON.stringify(json) }))).toMatchObject({ ok: true, message: "Approval policy saved: 2 steps" });
    expect((await steps()) as unknown[]).toEqual([{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"], clientApproverIds: [] }, client]);
    // Without JavaScript a client step sends only its client approvers, whatever else was ticked before the mode changed.
    const plain = form({ stepCount: "2", "steps.0.mode": "ANY", "steps.0.roles": "ADMIN", "steps.1.mode": "CLIENT", "steps.1.clientApproverIds": f.clientApproverId, "steps.1.roles": "STAFF" });
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, plain)).toMatchObject({ ok: true });
    expect(((await steps()) as unknown[])[1]).toEqual(client);
    const first = form({ stepCount: "1", "steps.0.mode": "CLIENT", "steps.0.clientApproverIds": f.clientApproverId });
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, first)).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { "steps.0.mode": [expect.stringMatching(/step 1 must be a step of your members or roles/)] } } });
    expect(await clients.createClientApproverAction!(f.a.org.slug, null, form({ name: " ", email: "not-an-address" }))).toMatchObject({
      ok: false, error: { code: "VALIDATION", fields: { name: [expect.any(String)], email: [expect.any(String)] } },
    });
    // Back to the one-step policy the other tests of this file expect.
    expect(await settings.updateApprovalPolicyAction!(f.a.org.slug, null, form({ stepCount: "1", "steps.0.mode": "ANY", "steps.0.roles": "COMPLIANCE_OFFICER" }))).toMatchObject({ ok: true });
  });

  it("server actions return field errors and store nothing", async () => {
    const before = await db().invitation.count({ where: { orgId: f.a.org.id } });
    const members = (await importApp("orgs/[orgSlug]/members/actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<ErrorJson & { ok: boolean }>>;
    const invite = await members.inviteMemberAction!(f.a.org.slug, null, form({ email: "not-an-email", role: "STAFF" }));
    expect(invite).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { email: [expect.any(String)] } } });
    const settings = (await importApp("orgs/[orgSlug]/settings/actions.ts")) as Record<string, (s: string, p: null, d: FormData) => Promise<unknown>>;
    expect(await settings.updateSettingsAction!(f.a.org.slug, null, form({ idleTimeoutMinutes: "abc" }))).toMatchObject({ ok: false, error: { fields: { idleTimeoutMinutes: [expect.any(String)] } } });
    const invitePage = (await importApp("invite/[token]/actions.ts")) as Record<string, (t: string, p: null, d: FormData) => Promise<unknown>>;
    expect(await invitePage.acceptInvitationAction!("short", null, form({ password: "x" }))).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { token: [expect.any(String)], password: [expect.any(String)] } } });
    expect(await db().invitation.count({ where: { orgId: f.a.org.id } })).toBe(before);
  });
});
