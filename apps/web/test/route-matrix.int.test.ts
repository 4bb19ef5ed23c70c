import { db } from "@vetted/db";
import { createUser } from "@vetted/db/testing";
import { ROLES, testPasswordHash } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { HTTP_METHODS, callRoute, form, importApp, listAppFiles, listServerActionFiles } from "./route-harness";
import { ACTIONS, NOT_ORG_SCOPED, ROUTES, buildFixture, type Fixture } from "./route-table";

// Tenant isolation matrix: every route handler and server action of the app, called in-process by
// each role of org B with org A's slug and record ids, must answer "not found" and change nothing.
// The list of routes comes from the app's file tree, so a new route without an entry fails here.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
// Each request from an address of its own: these tests hit every route from one process, and the
// per-IP abuse limits (public link misses, password resets, sign-in) would otherwise stand in front
// of the handlers after the first few dozen requests.
vi.mock("../../../packages/auth/src/request.ts", async () => {
  const { randomTestIp } = await import("@vetted/domain/testing");
  return { currentRequestMeta: async () => ({ ip: randomTestIp(), userAgent: "route-matrix" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

async function discover(): Promise<string[]> {
  const keys: string[] = [];
  for (const file of listAppFiles("route.ts")) {
    const mod = await importApp(file);
    for (const m of HTTP_METHODS) if (typeof mod[m] === "function") keys.push(`${file} ${m}`);
  }
  for (const file of listServerActionFiles()) {
    const mod = await importApp(file);
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") keys.push(`${file} ${name}`);
  }
  return keys.sort();
}

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

async function snapshotOrgA(f: Fixture) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: f.a.org.id } });
  const members = await db().membership.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, role: true } });
  const invitations = await db().invitation.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true, email: true } });
  const posts = await db().post.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, state: true, currentRevision: true, title: true } });
  const findings = await db().finding.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, dismissedAt: true } });
  const comments = await db().postComment.count({ where: { orgId: f.a.org.id } });
  const policy = await db().approvalPolicy.findFirst({ where: { orgId: f.a.org.id } });
  const media = await db().media.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, originalPurgedAt: true } });
  const consents = await db().consent.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true, verifiedAt: true, revokedAt: true } });
  const people = await db().mediaPerson.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, mediaId: true, kind: true } });
  const removalTasks = await db().removalTask.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, checklist: true, completedAt: true } });
  const requests = await db().consentRequest.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true } });
  const feedback = await db().scannerFeedback.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, withdrawnAt: true } });
  const accounts = await db().connectedAccount.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true, tokenCipher: true, disconnectedAt: true } });
  const connectStates = await db().accountConnectState.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, completedAt: true, userTokenCipher: true } });
  const socialComments = await db().socialComment.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true, hiddenAt: true, assignedToId: true } });
  const moderationActions = await db().moderationAction.count({ where: { orgId: f.a.org.id } });
  const replyTemplates = await db().replyTemplate.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, name: true, body: true } });
  const groupReports = await db().groupReport.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true, resolvedAt: true } });
  const coachingNotes = await db().coachingNote.count({ where: { orgId: f.a.org.id } });
  const incidents = await db().incident.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true, assessment: true, conclusion: true, closedAt: true } });
  const policyManual = await db().policyManual.findFirst({ where: { orgId: f.a.org.id } });
  const policyVersions = await db().policyManualVersion.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" } });
  const quizQuestions = await db().policyQuizQuestion.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" } });
  const workforce = await db().workforcePerson.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" } });
  const acknowledgements = await db().policyAcknowledgement.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" } });
  const coaching = await db().coachingAssignment.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" } });
  const coachingAttempts = await db().coachingAttempt.count({ where: { orgId: f.a.org.id } });
  const intakeAddresses = await db().groupIntakeAddress.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, token: true } });
  const clientApprovers = await db().clientApprover.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, name: true, active: true } });
  const clientLinks = await db().clientApprovalLink.findMany({ where: { orgId: f.a.org.id }, orderBy: { id: "asc" }, select: { id: true, usedAt: true, voidedAt: true } });
  return {
    name: org.name, idle: org.idleTimeoutMinutes, members, invitations, posts, findings, comments, policy, media, consents, people, removalTasks, requests, feedback, accounts, connectStates,
    socialComments, moderationActions, replyTemplates, groupReports, coachingNotes, incidents, policyManual, policyVersions, quizQuestions, workforce, acknowledgements, coaching, coachingAttempts, intakeAddresses,
    clientApprovers, clientLinks,
  };
}

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture();
});

describe("tenant isolation matrix", () => {
  it("covers every route handler and server action in the app", async () => {
    const covered = [...Object.keys(ROUTES), ...Object.keys(ACTIONS), ...Object.keys(NOT_ORG_SCOPED)].sort();
    expect(await discover()).toEqual(covered);
  });

  for (const role of ROLES) {
    it(`every role of org B gets not-found for org A's resources: ${role}`, async () => {
      const before = await snapshotOrgA(f);
      await actAs(f.b.users[role].id);
      for (const [key, entry] of Object.entries(ROUTES)) {
        const [file, method] = key.split(" ") as [string, string];
        const body = entry.body ? JSON.stringify(entry.body(f)) : undefined;
        const response = await callRoute(file, method, entry.params(f), { body });
        expect.soft(response.status, key).toBe(404);
        expect.soft(((await response.json()) as { error: { code: string } }).error.code, key).toBe("NOT_FOUND");
      }
      for (const [key, entry] of Object.entries(ACTIONS)) {
        const [file, name] = key.split(" ") as [string, string];
        const action = (await importApp(file))[name] as (slug: string, prev: null, data: FormData) => Promise<{ ok: boolean; error?: { code: string } }>;
        const result = await action(f.a.org.slug, null, form(entry.form(f)));
        expect.soft(result, key).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
      }
      expect(await snapshotOrgA(f)).toEqual(before);
    });
  }

  it("the same calls by org A's admin reach the resources (the matrix is not vacuous)", async () => {
    await actAs(f.a.users.ADMIN.id);
    const response = await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: f.a.org.slug });
    expect(response.status).toBe(200);
    const { members } = (await response.json()) as { members: { id: string }[] };
    expect(members.map((m) => m.id)).toContain(f.a.members.STAFF.id);
  });

  it("an agency admin cannot create in or assign to another agency's orgs", async () => {
    const other = await createUser({ passwordHash: await testPasswordHash(), agencyId: f.b.org.agencyId, agencyAdmin: true });
    await actAs(other.id);
    const { assignMemberAction } = (await importApp("agency/actions.ts")) as { assignMemberAction: (p: null, d: FormData) => Promise<unknown> };
    const result = await assignMemberAction(null, form({ orgId: f.a.org.id, userId: other.id, role: "ADMIN" }));
    expect(result).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await db().membership.count({ where: { orgId: f.a.org.id, userId: other.id } })).toBe(0);
  });

  it("without a session every org route answers 401 and every action sends the user to sign in", async () => {
    acting.userId = null;
    acting.sessionId = null;
    const response = await callRoute("api/orgs/[orgSlug]/members/route.ts", "GET", { orgSlug: f.a.org.slug });
    expect(response.status).toBe(401);
    const { inviteMemberAction } = (await importApp("orgs/[orgSlug]/members/actions.ts")) as { inviteMemberAction: (s: string, p: null, d: FormData) => Promise<unknown> };
    await expect(inviteMemberAction(f.a.org.slug, null, form({ email: "x@example.org", role: "STAFF" }))).rejects.toThrow(/NEXT_REDIRECT/);
  });
});
