import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "./generated/prisma/client";
import { assertScoped } from "./tenant-guard";
import { SAME_ORG_RELATIONS, runtimeDataModelOf, tenantRelations, type RuntimeDataModel } from "./tenant-relations";
import { ANY_ORG, TENANT_MODELS, TenantScopeError } from "./tenant-scope";

// The generated client's own data model; a client that runs no query opens no connection.
const dataModel = runtimeDataModelOf(new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://unused@127.0.0.1:1/unused" }) }));
const relations = tenantRelations(dataModel);

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const ID = "00000000-0000-4000-8000-000000000001";
// Stands for PHI in a query: it must never appear in the error.
const PHI = "Jane Patient, MRN 12345";

type Case = [name: string, model: string, operation: string, args: unknown];
const run = ([, model, operation, args]: Case) => () => assertScoped(model, operation, args, relations);

function expectRefused(c: Case, at?: string) {
  let error: unknown;
  try {
    run(c)();
  } catch (e) {
    error = e;
  }
  expect(error, c[0]).toBeInstanceOf(TenantScopeError);
  const message = (error as Error).message;
  expect(message).not.toContain(PHI);
  if (at) expect(message).toContain(`at ${at}`);
}

const revision = (extra: object = {}) => ({ number: 1, text: PHI, createdById: ID, ...extra });

describe("nested writes", () => {
  const refused: [Case, string][] = [
    [["create without orgId", "Post", "create", { data: { orgId: A, authorId: ID, title: PHI, revisions: { create: [revision()] } } }], "data.revisions.create"],
    [["create in another org", "Post", "create", { data: { orgId: A, authorId: ID, title: PHI, revisions: { create: revision({ orgId: B }) } } }], "data.revisions.create"],
    [["createMany without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { createMany: { data: [revision({ orgId: A }), revision()] } } } }], "data.revisions.createMany.data"],
    [["connectOrCreate where without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { connectOrCreate: { where: { id: ID }, create: revision({ orgId: A }) } } } }], "data.revisions.connectOrCreate.where"],
    [["connectOrCreate create without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { connectOrCreate: { where: { id: ID, orgId: A }, create: revision() } } } }], "data.revisions.connectOrCreate.create"],
    [["upsert where without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { upsert: { where: { id: ID }, create: revision({ orgId: A }), update: { text: PHI } } } } }], "data.revisions.upsert.where"],
    [["upsert create without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { upsert: { where: { id: ID, orgId: A }, create: revision(), update: { text: PHI } } } } }], "data.revisions.upsert.create"],
    [["update where without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { update: { where: { id: ID }, data: { text: PHI } } } } }], "data.revisions.update.where"],
    [["updateMany where without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { updateMany: { where: { number: 1 }, data: { text: PHI } } } } }], "data.revisions.updateMany.where"],
    [["delete without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { delete: { id: ID } } } }], "data.revisions.delete"],
    [["deleteMany without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { deleteMany: {} } } }], "data.revisions.deleteMany"],
    [["disconnect by where without orgId", "Consent", "update", { where: { id: ID, orgId: A }, data: { people: { disconnect: [{ id: ID }] } } }], "data.people.disconnect"],
    [["connect without orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { connect: { id: ID } } } }], "data.revisions.connect"],
    [["connect in another org", "Consent", "update", { where: { id: ID, orgId: A }, data: { people: { connect: [{ id: ID, orgId: B }] } } }], "data.people.connect"],
    [["set without orgId", "Consent", "update", { where: { id: ID, orgId: A }, data: { people: { set: [{ id: ID }] } } }], "data.people.set"],
    [["to-one update without a where", "PostRevision", "update", { where: { id: ID, orgId: A }, data: { post: { update: { title: PHI } } } }], "data.post.update"],
    [["to-one delete: true", "MediaPerson", "update", { where: { id: ID, orgId: A }, data: { consent: { delete: true } } }], "data.consent.delete"],
    [["to-one upsert without a where", "PostRevision", "update", { where: { id: ID, orgId: A }, data: { post: { upsert: { create: { orgId: A, authorId: ID, title: PHI }, update: { title: PHI } } } } }], "data.post.upsert.where"],
    [["nested under a nested create", "Consent", "create", { data: { orgId: A, people: { create: { orgId: A, mediaId: ID, kind: "PATIENT", consent: { connect: { id: ID } } } } } }], "data.people.create.consent.connect"],
    [["upsert's update branch", "Post", "upsert", { where: { id: ID, orgId: A }, create: { orgId: A, authorId: ID, title: PHI }, update: { revisions: { deleteMany: { number: 1 } } } }], "update.revisions.deleteMany"],
    [["membership created through a user", "User", "create", { data: { email: PHI, name: PHI, passwordHash: "x", memberships: { create: { role: "STAFF" } } } }], "data.memberships.create"],
    [["memberships deleted through a user", "User", "update", { where: { id: ID }, data: { memberships: { deleteMany: { role: "STAFF" } } } }], "data.memberships.deleteMany"],
    [["another org's post connected to an org", "Organization", "update", { where: { id: A }, data: { posts: { connect: { id: ID } } } }], "data.posts.connect"],
    [["a post of org B connected to org A", "Organization", "update", { where: { id: A }, data: { posts: { connect: { id: ID, orgId: B } } } }], "data.posts.connect"],
  ];
  it.each(refused.map(([c, at]) => [c[0], c, at] as const))("refuses: %s", (_name, c, at) => expectRefused(c, at));

  const allowed: Case[] = [
    ["create with the parent's orgId", "Post", "create", { data: { orgId: A, authorId: ID, title: PHI, revisions: { create: [revision({ orgId: A })] } } }],
    ["createMany with orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { createMany: { data: [revision({ orgId: A })] } } } }],
    ["connectOrCreate with orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { connectOrCreate: { where: { id: ID, orgId: A }, create: revision({ orgId: A }) } } } }],
    ["upsert with orgId", "Post", "update", { where: { id: ID, orgId: A }, data: { revisions: { upsert: { where: { id: ID, orgId: A }, create: revision({ orgId: A }), update: { text: PHI } } } } }],
    ["update, updateMany, delete, deleteMany with orgId", "Post", "update", {
      where: { id: ID, orgId: A },
      data: { revisions: {
        update: [{ where: { id: ID, orgId: A }, data: { text: PHI } }], updateMany: { where: { orgId: A }, data: { text: PHI } },
        delete: { id: ID, orgId: A }, deleteMany: [{ orgId: A, number: 1 }],
      } },
    }],
    ["connect and set with orgId", "Consent", "update", { where: { id: ID, orgId: A }, data: { people: { connect: [{ id: ID, orgId: A }], set: [] } } }],
    ["disconnect: true of a to-one link", "MediaPerson", "update", { where: { id: ID, orgId: A }, data: { consent: { disconnect: true } } }],
    ["to-one update with an org where", "PostRevision", "update", { where: { id: ID, orgId: A }, data: { post: { update: { where: { orgId: A }, data: { title: PHI } } } } }],
    ["to-one delete with an org where", "MediaPerson", "update", { where: { id: ID, orgId: A }, data: { consent: { delete: { orgId: A } } } }],
    ["membership created through a user with orgId", "User", "create", { data: { email: PHI, name: PHI, passwordHash: "x", memberships: { create: { orgId: A, role: "STAFF" } } } }],
    ["rows created through their organization", "Organization", "update", { where: { id: A }, data: { posts: { create: { authorId: ID, title: PHI, revisions: { create: revision({ orgId: A }) } } } } }],
    ["rows removed through their organization", "Organization", "update", { where: { id: A }, data: { memberships: { deleteMany: {} }, invitations: { updateMany: { where: {}, data: { revokedAt: new Date() } } } } }],
    ["a post of org A connected to org A", "Organization", "update", { where: { id: A }, data: { posts: { connect: { id: ID, orgId: A } } } }],
    ["writes through non-tenant relations", "User", "update", { where: { id: ID }, data: { sessions: { deleteMany: {} }, mfa: { delete: true } } }],
  ];
  it.each(allowed)("allows: %s", (...c) => expect(run(c)).not.toThrow());

  it("refuses a nested revision of another org under its organization's post", () => {
    expectRefused(["", "Organization", "update", { where: { id: A }, data: { posts: { create: { authorId: ID, title: PHI, revisions: { create: revision({ orgId: B }) } } } } }], "data.posts.create.revisions.create");
  });
});

describe("relation filters", () => {
  const refused: [Case, string | undefined][] = [
    [["scoping only inside a relation filter", "PostRevision", "findMany", { where: { post: { is: { orgId: A } } } }], undefined],
    [["some without orgId (User → Membership)", "User", "findMany", { where: { memberships: { some: { role: "ADMIN" } } } }], "where.memberships.some"],
    [["every without orgId", "User", "findMany", { where: { memberships: { every: { role: "ADMIN" } } } }], "where.memberships.every"],
    [["none without orgId", "User", "count", { where: { memberships: { none: { role: "ADMIN" } } } }], "where.memberships.none"],
    [["inside OR", "User", "findMany", { where: { OR: [{ memberships: { some: { orgId: A } } }, { memberships: { some: { role: "ADMIN" } } }] } }], "where.OR.memberships.some"],
    [["inside NOT", "User", "findFirst", { where: { NOT: { memberships: { some: { role: "ADMIN" } } } } }], "where.NOT.memberships.some"],
    [["one relation further", "Membership", "findMany", { where: { orgId: A, user: { is: { memberships: { some: { role: "ADMIN" } } } } } }], "where.user.is.memberships.some"],
    [["in a nested write's where", "User", "update", { where: { id: ID }, data: { memberships: { updateMany: { where: { orgId: A, user: { memberships: { some: { role: "STAFF" } } } }, data: { role: "ADMIN" } } } } }], "data.memberships.updateMany.where.user.memberships.some"],
  ];
  it.each(refused.map(([c, at]) => [c[0], c, at] as const))("refuses: %s", (_name, c, at) => expectRefused(c, at));

  const allowed: Case[] = [
    ["some with orgId", "User", "findMany", { where: { id: { in: [ID] }, memberships: { some: { orgId: A } } } }],
    ["none with ANY_ORG", "User", "findMany", { where: { memberships: { none: { orgId: ANY_ORG } } } }],
    ["a same-org relation from a scoped parent", "PostRevision", "findMany", { where: { orgId: A, post: { is: { title: PHI } } } }],
    ["a same-org to-many relation", "Post", "findMany", { where: { orgId: A, revisions: { some: { text: { contains: PHI } } } } }],
    ["a bare to-one filter", "MediaPerson", "findMany", { where: { orgId: A, consent: { status: "VERIFIED" } } }],
    ["a null to-one filter", "MediaPerson", "findMany", { where: { orgId: A, consent: null } }],
    ["an organization's own rows", "Organization", "findMany", { where: { posts: { some: { state: "DRAFT" } } } }],
  ];
  it.each(allowed)("allows: %s", (...c) => expect(run(c)).not.toThrow());
});

describe("include, select and _count", () => {
  const refused: [Case, string][] = [
    [["a user's memberships in every org", "User", "findUnique", { where: { id: ID }, include: { memberships: true } }], "include.memberships"],
    [["selected without orgId", "User", "findMany", { select: { id: true, memberships: { where: { role: "ADMIN" } } } }], "select.memberships"],
    [["counted without orgId", "User", "findMany", { include: { _count: { select: { memberships: true } } } }], "include._count.select.memberships"],
    [["_count: true", "User", "findMany", { select: { _count: true } }], "select._count.memberships"],
    [["two relations away", "Membership", "findMany", { where: { orgId: A }, include: { user: { include: { memberships: true } } } }], "include.user.include.memberships"],
    [["a relation filter inside an include", "Membership", "findMany", { where: { orgId: A }, include: { user: { include: { memberships: { where: { orgId: A, user: { memberships: { some: {} } } } } } } } }], "include.user.include.memberships.where.user.memberships.some"],
  ];
  it.each(refused.map(([c, at]) => [c[0], c, at] as const))("refuses: %s", (_name, c, at) => expectRefused(c, at));

  const allowed: Case[] = [
    ["memberships of one org", "User", "findUnique", { where: { id: ID }, include: { memberships: { where: { orgId: A } } } }],
    ["counted for one org", "User", "findMany", { include: { _count: { select: { memberships: { where: { orgId: A } } } } } }],
    ["an organization's member count", "Organization", "findMany", { where: { agencyId: ID }, include: { _count: { select: { memberships: true } } } }],
    ["same-org relations of a scoped row", "Post", "findMany", { where: { orgId: A }, include: { revisions: true } }],
    ["a to-one same-org include", "MediaPerson", "findMany", { where: { orgId: A }, include: { consent: true } }],
    ["through the membership's own org", "Membership", "findMany", { where: { orgId: A }, include: { org: { include: { posts: true } } } }],
    ["non-tenant relations", "Membership", "findMany", { where: { orgId: ANY_ORG, userId: ID }, include: { org: true, user: { select: { email: true } } } }],
  ];
  it.each(allowed)("allows: %s", (...c) => expect(run(c)).not.toThrow());
});

describe("the relation map", () => {
  it("trusts a tenant model's relation to Organization only because it is its orgId: one per model", () => {
    for (const [model, { fields }] of Object.entries(dataModel.models)) {
      if (!TENANT_MODELS.has(model)) continue;
      expect(fields.filter((f) => f.kind === "object" && f.type === "Organization").length, model).toBeLessThanOrEqual(1);
    }
  });

  it("declares as same-org only relations between two tenant models that exist", () => {
    for (const name of SAME_ORG_RELATIONS) {
      const ends = Object.entries(dataModel.models).flatMap(([model, { fields }]) => fields.filter((f) => f.relationName === name).map(() => model));
      expect(ends.length, name).toBe(2);
      for (const model of ends) expect(TENANT_MODELS.has(model), `${name}: ${model}`).toBe(true);
    }
  });

  it("treats an undeclared relation between tenant models as reaching any org", () => {
    const model: RuntimeDataModel = {
      models: {
        Finding: { fields: [{ name: "orgId", kind: "scalar", type: "String" }, { name: "post", kind: "object", type: "Post", relationName: "FindingToPost" }] },
        Post: { fields: [{ name: "findings", kind: "object", type: "Finding", relationName: "FindingToPost" }] },
      },
    };
    const synthetic = tenantRelations(model);
    expect(synthetic.get("Finding")?.get("post")).toEqual({ target: "Post", kind: "cross" });
    expect(() => assertScoped("Post", "findMany", { where: { orgId: A }, include: { findings: true } }, synthetic)).toThrow(TenantScopeError);
    expect(() => assertScoped("Finding", "findMany", { where: { orgId: A, post: { is: { title: PHI } } } }, synthetic)).toThrow(TenantScopeError);
    expect(() => assertScoped("Post", "findMany", { where: { orgId: A }, include: { findings: { where: { orgId: A } } } }, synthetic)).not.toThrow();
  });

  it("fails loudly when the client exposes no data model", () => {
    expect(() => runtimeDataModelOf({})).toThrow(/runtime data model/);
  });
});
