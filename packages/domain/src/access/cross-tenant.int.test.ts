import { db, disconnectDb, type Invitation, type Role } from "@vetted/db";
import { createInvitation } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditCsv } from "../audit/export-audit-csv";
import { listAuditEvents } from "../audit/list-audit-events";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import type { TenantContext } from "../context";
import { listPendingInvitations } from "../invitations/list-invitations";
import { revokeInvitation } from "../invitations/revoke-invitation";
import { changeMemberRole } from "../members/change-member-role";
import { listMembers } from "../members/list-members";
import { removeMember } from "../members/remove-member";
import { createOrgWithMembers, expectAppError, ROLES, type TestOrg } from "../testing";
import { loadTenantContext } from "./load-tenant-context";
import { roleCan, type Action } from "./permissions";

// Every use case that takes a record id, called from each role of org B with org A's ids. The answer
// is NOT_FOUND (as for an id that does not exist) or FORBIDDEN where the role may not act at all; in
// every case org A's rows stay as they were. A new id-taking use case belongs in this table.

let a: TestOrg;
let b: TestOrg;
let inviteA: Invitation;

interface IdCase {
  name: string;
  action: Action;
  run: (ctx: TenantContext) => Promise<unknown>;
}

const ID_CASES: IdCase[] = [
  { name: "changeMemberRole", action: "members.changeRole", run: (ctx) => changeMemberRole(ctx, { memberId: a.members.STAFF.id, role: "ADMIN" }) },
  { name: "changeMemberRole (demote A's admin)", action: "members.changeRole", run: (ctx) => changeMemberRole(ctx, { memberId: a.members.ADMIN.id, role: "STAFF" }) },
  { name: "removeMember", action: "members.remove", run: (ctx) => removeMember(ctx, { memberId: a.members.CONSULTANT.id }) },
  { name: "removeMember (A's admin)", action: "members.remove", run: (ctx) => removeMember(ctx, { memberId: a.members.ADMIN.id }) },
  { name: "revokeInvitation", action: "members.invite", run: (ctx) => revokeInvitation(ctx, { invitationId: inviteA.id }) },
];

interface ListCase {
  name: string;
  action: Action;
  /** Returns every id in the answer, to check none of them is org A's. */
  ids: (ctx: TenantContext) => Promise<string[]>;
}

const LIST_CASES: ListCase[] = [
  {
    name: "listAuditEvents filtered by A's admin",
    action: "audit.view",
    ids: async (ctx) => (await listAuditEvents(ctx, { actorId: a.users.ADMIN.id })).events.flatMap((e) => [e.id, e.orgId ?? "", e.targetId ?? ""]),
  },
  {
    name: "exportAuditCsv filtered by A's admin",
    action: "audit.export",
    ids: async (ctx) => (await exportAuditCsv(ctx, { actorId: a.users.ADMIN.id })).split(/[\r\n,]+/),
  },
  { name: "listMembers", action: "members.view", ids: async (ctx) => (await listMembers(ctx)).flatMap((m) => [m.id, m.user.id]) },
  { name: "listPendingInvitations", action: "members.view", ids: async (ctx) => (await listPendingInvitations(ctx)).map((i) => i.id) },
];

async function snapshotA() {
  const [members, invitation, audit] = await Promise.all([
    db().membership.findMany({ where: { orgId: a.org.id }, orderBy: { id: "asc" } }),
    db().invitation.findFirstOrThrow({ where: { id: inviteA.id, orgId: a.org.id } }),
    db().auditEvent.findMany({ where: { orgId: a.org.id }, orderBy: { seq: "asc" }, select: { id: true, hash: true } }),
  ]);
  return { members, invitation, audit };
}

let before: Awaited<ReturnType<typeof snapshotA>>;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  inviteA = await createInvitation(a.org.id, a.users.ADMIN.id);
  // Give A an audit trail worth protecting: a change made by A's admin.
  await changeMemberRole(a.ctx.ADMIN, { memberId: a.members.COMPLIANCE_OFFICER.id, role: "CONSULTANT" });
  before = await snapshotA();
});

afterAll(() => disconnectDb());

describe.each(ROLES)("org B's %s using org A's ids", (role: Role) => {
  it.each(ID_CASES)("$name → NOT_FOUND or FORBIDDEN, A unchanged", async ({ action, run }) => {
    const expected = roleCan(role, action) ? "NOT_FOUND" : "FORBIDDEN";
    await expectAppError(run(b.ctx[role]), expected);
    expect(await snapshotA()).toEqual(before);
  });

  it.each(LIST_CASES)("$name → nothing of A's, or FORBIDDEN", async ({ action, ids }) => {
    if (!roleCan(role, action)) {
      await expectAppError(ids(b.ctx[role]), "FORBIDDEN");
      return;
    }
    const seen = new Set(await ids(b.ctx[role]));
    const aIds = [a.org.id, inviteA.id, ...Object.values(a.members).map((m) => m.id), ...Object.values(a.users).map((u) => u.id), ...before.audit.map((e) => e.id)];
    expect(aIds.filter((id) => seen.has(id))).toEqual([]);
  });

  it("cannot load a tenant context for org A", async () => {
    await expectAppError(loadTenantContext(b.users[role].id, a.org.slug), "NOT_FOUND");
  });

  it("loads its own org's context with its own role (control)", async () => {
    const ctx = await loadTenantContext(b.users[role].id, b.org.slug);
    expect(ctx).toMatchObject({ role, org: { id: b.org.id }, user: { id: b.users[role].id } });
  });
});

describe("tenant context look-up", () => {
  it("answers an unknown or malformed slug like a foreign one", async () => {
    await expectAppError(loadTenantContext(b.users.ADMIN.id, "no-such-org-slug"), "NOT_FOUND");
    await expectAppError(loadTenantContext(b.users.ADMIN.id, "Not A Slug!"), "NOT_FOUND");
  });

  it("left org A's trail valid and unchanged after the whole matrix", async () => {
    expect(await snapshotA()).toEqual(before);
    expect(await verifyAuditChain(a.org.id)).toMatchObject({ ok: true, events: before.audit.length });
  });
});
