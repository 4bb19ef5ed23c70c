import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "./client";
import { scopedDb } from "./scoped-db";
import { ANY_ORG, TenantScopeError } from "./tenant-guard";
import { addMember, createAgency, createInvitation, createOrg, createUser } from "./testing";
import type { Invitation, Membership, Organization, User } from "./generated/prisma/client";

// No password is checked here, so any string does as a hash.
const passwordHash = "not-a-bcrypt-hash";

let orgA: Organization;
let orgB: Organization;
let userA: User;
let userB: User;
let memberA: Membership;
let memberB: Membership;
let inviteB: Invitation;

beforeAll(async () => {
  const agency = await createAgency();
  [orgA, orgB] = await Promise.all([createOrg(agency.id), createOrg(agency.id)]);
  [userA, userB] = await Promise.all([createUser({ passwordHash }), createUser({ passwordHash })]);
  memberA = await addMember(orgA.id, userA.id, "ADMIN");
  memberB = await addMember(orgB.id, userB.id, "STAFF");
  inviteB = await createInvitation(orgB.id, userB.id);
});

afterAll(() => disconnectDb());

describe("tenant guard on the root client", () => {
  const unscoped: [string, () => Promise<unknown>][] = [
    ["membership.findMany", () => db().membership.findMany()],
    ["membership.findMany with an empty where", () => db().membership.findMany({ where: {} })],
    ["membership.findMany with orgId: undefined", () => db().membership.findMany({ where: { orgId: undefined } })],
    ["membership.findFirst", () => db().membership.findFirst({ where: { userId: userB.id } })],
    ["membership.findUnique", () => db().membership.findUnique({ where: { id: memberB.id } })],
    ["membership.count", () => db().membership.count()],
    ["membership.update", () => db().membership.update({ where: { id: memberB.id }, data: { role: "ADMIN" } })],
    ["membership.updateMany", () => db().membership.updateMany({ where: { userId: userB.id }, data: { role: "ADMIN" } })],
    ["membership.delete", () => db().membership.delete({ where: { id: memberB.id } })],
    ["membership.deleteMany", () => db().membership.deleteMany({ where: { userId: userB.id } })],
    ["membership.create via relation connect", () =>
      db().membership.create({ data: { org: { connect: { id: orgB.id } }, user: { connect: { id: userA.id } }, role: "ADMIN" } })],
    ["invitation.findMany", () => db().invitation.findMany({ where: { email: inviteB.email } })],
    ["invitation.findFirst", () => db().invitation.findFirst({ where: { id: inviteB.id } })],
    ["invitation.update", () => db().invitation.update({ where: { id: inviteB.id }, data: { revokedAt: new Date() } })],
    ["invitation.delete", () => db().invitation.delete({ where: { id: inviteB.id } })],
    ["invitation.upsert", () =>
      db().invitation.upsert({ where: { id: inviteB.id }, create: { ...inviteB, id: undefined }, update: { revokedAt: new Date() } })],
    ["auditEvent.findMany", () => db().auditEvent.findMany({ where: { chainKey: orgB.id } })],
    ["auditEvent.findFirst", () => db().auditEvent.findFirst({ orderBy: { seq: "desc" } })],
    ["auditEvent.groupBy", () => db().auditEvent.groupBy({ by: ["action"] })],
    ["auditEvent.create", () =>
      db().auditEvent.create({
        data: { chainKey: orgB.id, seq: 1, action: "x", targetType: "x", createdAt: new Date(), prevHash: "0".repeat(64), hash: "0".repeat(64) },
      })],
  ];

  it.each(unscoped)("%s without orgId throws TenantScopeError", async (_name, query) => {
    await expect(query()).rejects.toBeInstanceOf(TenantScopeError);
  });

  it("also guards queries inside an interactive transaction", async () => {
    await expect(db().$transaction((tx) => tx.membership.findMany({ where: { userId: userB.id } }))).rejects.toBeInstanceOf(TenantScopeError);
  });

  it("left every guarded row untouched", async () => {
    expect(await db().membership.findFirst({ where: { id: memberB.id, orgId: orgB.id } })).toMatchObject({ role: "STAFF" });
    expect(await db().invitation.findFirst({ where: { id: inviteB.id, orgId: orgB.id } })).toMatchObject({ revokedAt: null });
    expect(await db().membership.count({ where: { orgId: orgB.id } })).toBe(1);
  });

  it("allows an explicit org filter and the greppable ANY_ORG", async () => {
    expect(await db().membership.findMany({ where: { orgId: orgB.id } })).toEqual([expect.objectContaining({ id: memberB.id })]);
    const mine = await db().membership.findMany({ where: { userId: userB.id, orgId: ANY_ORG } });
    expect(mine.map((m) => m.id)).toEqual([memberB.id]);
  });

  it("leaves non-tenant models alone", async () => {
    expect(await db().organization.findUnique({ where: { id: orgB.id } })).toMatchObject({ slug: orgB.slug });
  });
});

describe("scopedDb", () => {
  it("cannot read another org's rows", async () => {
    const a = scopedDb(orgA.id);
    expect(await a.membership.findFirst({ where: { id: memberB.id } })).toBeNull();
    expect(await a.membership.findUnique({ where: { id: memberB.id } })).toBeNull();
    expect(await a.invitation.findFirst({ where: { id: inviteB.id } })).toBeNull();
    expect(await a.membership.count({ where: { userId: userB.id } })).toBe(0);
    expect(await a.membership.findMany({ where: {} })).toEqual([expect.objectContaining({ id: memberA.id })]);
  });

  it("cannot update or delete another org's rows", async () => {
    const a = scopedDb(orgA.id);
    expect(await a.membership.updateMany({ where: { id: memberB.id }, data: { role: "ADMIN" } })).toEqual({ count: 0 });
    expect(await a.invitation.updateMany({ where: { id: inviteB.id }, data: { revokedAt: new Date() } })).toEqual({ count: 0 });
    expect(await a.membership.deleteMany({ where: { id: memberB.id } })).toEqual({ count: 0 });
    await expect(a.membership.update({ where: { id: memberB.id }, data: { role: "ADMIN" } })).rejects.toMatchObject({ code: "P2025" });
    await expect(a.membership.delete({ where: { id: memberB.id } })).rejects.toMatchObject({ code: "P2025" });
    await expect(a.invitation.update({ where: { id: inviteB.id }, data: { revokedAt: new Date() } })).rejects.toMatchObject({ code: "P2025" });
    expect(await db().membership.findFirst({ where: { id: memberB.id, orgId: orgB.id } })).toMatchObject({ role: "STAFF" });
    expect(await db().invitation.findFirst({ where: { id: inviteB.id, orgId: orgB.id } })).toMatchObject({ revokedAt: null });
  });

  it("overrides an orgId the caller passes", async () => {
    const a = scopedDb(orgA.id);
    expect(await a.membership.findMany({ where: { orgId: orgB.id } })).toEqual([expect.objectContaining({ id: memberA.id })]);
    expect(await a.membership.updateMany({ where: { orgId: orgB.id }, data: { role: "CONSULTANT" } })).toEqual({ count: 1 });
    expect(await db().membership.findFirst({ where: { id: memberB.id, orgId: orgB.id } })).toMatchObject({ role: "STAFF" });
    await a.membership.updateMany({ where: {}, data: { role: "ADMIN" } });

    const created = await a.invitation.create({
      data: { orgId: orgB.id, email: "override@test.vetted.local", role: "STAFF", tokenHash: `h-${memberA.id}`, invitedById: userA.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(created.orgId).toBe(orgA.id);
    expect(await db().invitation.count({ where: { orgId: orgB.id, email: "override@test.vetted.local" } })).toBe(0);
  });

  it("refuses a create that names another org through a relation instead of orgId", async () => {
    const outsider = await createUser({ passwordHash });
    await expect(
      scopedDb(orgA.id).membership.create({ data: { org: { connect: { id: orgB.id } }, user: { connect: { id: outsider.id } }, role: "ADMIN" } }),
    ).rejects.toThrow();
    expect(await db().membership.count({ where: { orgId: orgB.id, userId: outsider.id } })).toBe(0);
  });

  it("scopes interactive transactions too", async () => {
    const rows = await scopedDb(orgA.id).$transaction((tx) => tx.membership.findMany({ where: { orgId: orgB.id } }));
    expect(rows.map((r) => r.orgId)).toEqual([orgA.id]);
  });

  it("scopes upserts: the where and the created row", async () => {
    const a = scopedDb(orgA.id);
    const result = await a.invitation.upsert({
      where: { id: inviteB.id },
      create: { orgId: orgB.id, email: "upsert@test.vetted.local", role: "STAFF", tokenHash: `u-${memberA.id}`, invitedById: userA.id, expiresAt: new Date(Date.now() + 60_000) },
      update: { revokedAt: new Date() },
    });
    expect(result.id).not.toBe(inviteB.id);
    expect(result.orgId).toBe(orgA.id);
    expect(await db().invitation.findFirst({ where: { id: inviteB.id, orgId: orgB.id } })).toMatchObject({ revokedAt: null });
  });
});
