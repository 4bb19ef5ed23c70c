import { db, disconnectDb } from "@vetted/db";
import { addMember, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, testPasswordHash, testRequest, type TestOrg } from "../testing";
import { loadTenantContext } from "../access/load-tenant-context";
import { startSession, touchSession } from "../auth/sessions";
import { changeMemberRole } from "./change-member-role";
import { listMembers } from "./list-members";
import { removeMember } from "./remove-member";

let t: TestOrg;
let other: TestOrg;

const roleOf = async (memberId: string, orgId: string) => (await db().membership.findFirst({ where: { id: memberId, orgId } }))?.role ?? null;
const adminCount = (orgId: string) => db().membership.count({ where: { orgId, role: "ADMIN" } });

/** A second admin in org t, with a context of its own. */
async function secondAdmin(org: TestOrg) {
  const user = await createUser({ passwordHash: await testPasswordHash() });
  const member = await addMember(org.org.id, user.id, "ADMIN");
  return { user, member, ctx: createTenantContext(org.org, user, "ADMIN") };
}

beforeAll(async () => {
  [t, other] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

afterAll(() => disconnectDb());

describe("changeMemberRole", () => {
  it("changes the role and audits from and to", async () => {
    const target = t.members.CONSULTANT;
    const updated = await changeMemberRole(t.ctx.ADMIN, { memberId: target.id, role: "COMPLIANCE_OFFICER" });
    expect(updated.role).toBe("COMPLIANCE_OFFICER");
    expect(await auditEventsFor(t.org.id, { action: "member.role_changed", targetId: target.id })).toEqual([
      expect.objectContaining({ actorId: t.users.ADMIN.id, metadata: { userId: target.userId, from: "CONSULTANT", to: "COMPLIANCE_OFFICER" } }),
    ]);
    await changeMemberRole(t.ctx.ADMIN, { memberId: target.id, role: "CONSULTANT" });
  });

  it("does nothing (and audits nothing) when the role is unchanged", async () => {
    const target = t.members.STAFF;
    await changeMemberRole(t.ctx.ADMIN, { memberId: target.id, role: "STAFF" });
    expect(await auditEventsFor(t.org.id, { action: "member.role_changed", targetId: target.id })).toHaveLength(0);
  });

  it("refuses to change your own role", async () => {
    await expectAppError(changeMemberRole(t.ctx.ADMIN, { memberId: t.members.ADMIN.id, role: "STAFF" }), "CONFLICT");
    expect(await roleOf(t.members.ADMIN.id, t.org.id)).toBe("ADMIN");
  });

  it("refuses to demote the last admin, even from a stale admin context", async () => {
    const org = await createOrgWithMembers();
    const second = await secondAdmin(org);
    await changeMemberRole(org.ctx.ADMIN, { memberId: second.member.id, role: "STAFF" });
    // second.ctx was built while it was still admin: the guard, not the permission check, must stop it.
    await expectAppError(changeMemberRole(second.ctx, { memberId: org.members.ADMIN.id, role: "STAFF" }), "CONFLICT");
    await expectAppError(removeMember(second.ctx, { memberId: org.members.ADMIN.id }), "CONFLICT");
    expect(await adminCount(org.org.id)).toBe(1);
  });

  it("keeps an admin when two admins demote each other at the same time", async () => {
    const org = await createOrgWithMembers();
    const second = await secondAdmin(org);
    const results = await Promise.allSettled([
      changeMemberRole(org.ctx.ADMIN, { memberId: second.member.id, role: "STAFF" }),
      changeMemberRole(second.ctx, { memberId: org.members.ADMIN.id, role: "STAFF" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []))).toEqual(["CONFLICT"]);
    expect(await adminCount(org.org.id)).toBe(1);
  });

  it("keeps an admin when two admins remove each other at the same time", async () => {
    const org = await createOrgWithMembers();
    const second = await secondAdmin(org);
    const results = await Promise.allSettled([
      removeMember(org.ctx.ADMIN, { memberId: second.member.id }),
      removeMember(second.ctx, { memberId: org.members.ADMIN.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []))).toEqual(["CONFLICT"]);
    expect(await adminCount(org.org.id)).toBe(1);
  });

  it("answers NOT_FOUND for a member of another org and leaves it unchanged", async () => {
    await expectAppError(changeMemberRole(t.ctx.ADMIN, { memberId: other.members.STAFF.id, role: "ADMIN" }), "NOT_FOUND");
    expect(await roleOf(other.members.STAFF.id, other.org.id)).toBe("STAFF");
  });

  it.each(["STAFF", "CONSULTANT", "COMPLIANCE_OFFICER"] as const)("is FORBIDDEN for %s", async (role) => {
    await expectAppError(changeMemberRole(t.ctx[role], { memberId: t.members.STAFF.id, role: "ADMIN" }), "FORBIDDEN");
    expect(await roleOf(t.members.STAFF.id, t.org.id)).toBe("STAFF");
  });

  it("validates the input", async () => {
    await expectAppError(changeMemberRole(t.ctx.ADMIN, { memberId: "nope", role: "ADMIN" }), "VALIDATION");
    await expectAppError(changeMemberRole(t.ctx.ADMIN, { memberId: t.members.STAFF.id, role: "OWNER" }), "VALIDATION");
  });
});

describe("removeMember", () => {
  it("removes a member and audits it", async () => {
    const org = await createOrgWithMembers();
    const target = org.members.CONSULTANT;
    await removeMember(org.ctx.ADMIN, { memberId: target.id });
    expect(await roleOf(target.id, org.org.id)).toBeNull();
    expect(await auditEventsFor(org.org.id, { action: "member.removed", targetId: target.id })).toEqual([
      expect.objectContaining({ actorId: org.users.ADMIN.id, metadata: { userId: target.userId, role: "CONSULTANT", sessionsEnded: 0 } }),
    ]);
    // The user keeps existing: their past actions stay attributed.
    expect(await db().user.findUnique({ where: { id: target.userId } })).not.toBeNull();
  });

  it("ends the removed user's live sessions, and audits it", async () => {
    const org = await createOrgWithMembers();
    const target = org.members.STAFF;
    const sessions = await Promise.all([1, 2].map(() => db().$transaction((tx) => startSession(tx, target.userId, testRequest()))));
    await removeMember(org.ctx.ADMIN, { memberId: target.id });
    for (const s of sessions) {
      expect(await db().userSession.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ endReason: "revoked", endedAt: expect.any(Date) });
      expect(await touchSession(s.id, testRequest())).toEqual({ valid: false, reason: "ended" });
    }
    expect(await auditEventsFor(org.org.id, { action: "member.removed", targetId: target.id })).toEqual([
      expect.objectContaining({ metadata: { userId: target.userId, role: "STAFF", sessionsEnded: 2 } }),
    ]);
    expect(await auditEventsFor(null, { action: "auth.sessions_revoked", targetId: target.userId })).toEqual([
      expect.objectContaining({ metadata: { reason: "member_removed", count: 2 } }),
    ]);
  });

  it("ends the sessions of a user still in another org too (issue 15); they sign in again for that org", async () => {
    const org = await createOrgWithMembers();
    const elsewhere = await createOrgWithMembers();
    const target = org.members.CONSULTANT;
    await addMember(elsewhere.org.id, target.userId, "STAFF");
    const session = await db().$transaction((tx) => startSession(tx, target.userId, testRequest()));
    await removeMember(org.ctx.ADMIN, { memberId: target.id });
    expect(await touchSession(session.id, testRequest())).toEqual({ valid: false, reason: "ended" });
    // The other org's trail says why its member was signed out.
    expect(await auditEventsFor(elsewhere.org.id, { action: "auth.sessions_revoked", targetId: target.userId })).toEqual([
      expect.objectContaining({ metadata: { reason: "member_removed", count: 1 } }),
    ]);
    await expectAppError(loadTenantContext(target.userId, org.org.slug), "NOT_FOUND");
    expect((await loadTenantContext(target.userId, elsewhere.org.slug)).org.id).toBe(elsewhere.org.id);
  });

  it("refuses to remove yourself", async () => {
    await expectAppError(removeMember(t.ctx.ADMIN, { memberId: t.members.ADMIN.id }), "CONFLICT");
  });

  it("answers NOT_FOUND for another org's member", async () => {
    await expectAppError(removeMember(t.ctx.ADMIN, { memberId: other.members.CONSULTANT.id }), "NOT_FOUND");
    expect(await roleOf(other.members.CONSULTANT.id, other.org.id)).toBe("CONSULTANT");
  });
});

describe("listMembers", () => {
  it("lists only this org's members and marks the caller", async () => {
    const rows = await listMembers(t.ctx.CONSULTANT);
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(t.members).map((m) => m.id).sort());
    expect(rows.filter((r) => r.isSelf).map((r) => r.user.id)).toEqual([t.users.CONSULTANT.id]);
  });

  it("is FORBIDDEN for STAFF", async () => {
    await expectAppError(listMembers(t.ctx.STAFF), "FORBIDDEN");
  });
});
