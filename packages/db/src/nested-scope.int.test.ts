import { randomUUID } from "node:crypto";
import { consentEnv } from "@vetted/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "./client";
import type { Organization, User } from "./generated/prisma/client";
import { TenantScopeError } from "./tenant-scope";
import { addMember, createAgency, createOrg, createUser, uniq } from "./testing";

// Nested writes and relation filters against the real database (issue 15): the guard refuses before
// anything is written, and the database itself keeps same-org relations in one org.

let orgA: Organization;
let orgB: Organization;
let author: User;

beforeAll(async () => {
  const agency = await createAgency();
  [orgA, orgB] = await Promise.all([createOrg(agency.id), createOrg(agency.id)]);
  author = await createUser({ passwordHash: "not-a-bcrypt-hash" });
  await addMember(orgA.id, author.id, "CONSULTANT");
});

afterAll(() => disconnectDb());

const postData = (orgId: string, title: string) => ({ orgId, authorId: author.id, title });
const revision = (orgId: string, number = 1) => ({ orgId, number, text: "Draft", createdById: author.id });

// Under the active development key id: the start-up key check reads every consent of the shared test database.
function consentData(orgId: string) {
  return {
    orgId, subjectNameCipher: "x", keyId: consentEnv().activeKeyId, nameIndex: uniq("idx"), descriptionCipher: "x", discloser: "Org", recipients: ["Agency"],
    channels: ["FACEBOOK" as const], purposes: ["MARKETING"], expiresAt: new Date(Date.now() + 86_400_000), signerNameCipher: "x", signedAt: new Date(),
    ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true, fileKey: uniq("file"), fileMime: "application/pdf", fileSha256: "0".repeat(64),
    fileBytes: 1, uploadedById: author.id,
  };
}

describe("nested writes", () => {
  it("refuses a nested create without orgId, and writes nothing", async () => {
    const title = uniq("nested");
    await expect(
      // The generated types already ask for orgId here; the guard also stops an untyped caller.
      db().post.create({ data: { ...postData(orgA.id, title), revisions: { create: [{ number: 1, text: "Draft", createdById: author.id }] } } as never }),
    ).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().post.count({ where: { orgId: orgA.id, title } })).toBe(0);
  });

  it("refuses a nested create for another org than the parent's", async () => {
    const title = uniq("nested");
    await expect(db().post.create({ data: { ...postData(orgA.id, title), revisions: { create: revision(orgB.id) } } })).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().post.count({ where: { orgId: orgA.id, title } })).toBe(0);
  });

  it("refuses a membership created through a user without naming the org", async () => {
    const email = `${uniq("nested")}@test.vetted.local`;
    await expect(
      db().user.create({ data: { email, name: "N", passwordHash: "x", memberships: { create: { org: { connect: { id: orgB.id } }, role: "ADMIN" } } } }),
    ).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });

  it("refuses nested updates and deletes of tenant rows chosen without orgId", async () => {
    const post = await db().post.create({ data: { ...postData(orgA.id, uniq("nested")), revisions: { create: revision(orgA.id) } } });
    await expect(db().post.update({ where: { id: post.id, orgId: orgA.id }, data: { revisions: { updateMany: { where: { number: 1 }, data: { text: "Changed" } } } } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db().post.update({ where: { id: post.id, orgId: orgA.id }, data: { revisions: { deleteMany: {} } } })).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().postRevision.findMany({ where: { orgId: orgA.id, postId: post.id }, select: { text: true } })).toEqual([{ text: "Draft" }]);
  });

  it("accepts nested writes that name the org, as Prisma and Postgres run them", async () => {
    const post = await db().post.create({ data: { ...postData(orgA.id, uniq("nested")), revisions: { create: [revision(orgA.id, 1), revision(orgA.id, 2)] } } });
    await db().post.update({
      where: { id: post.id, orgId: orgA.id },
      data: { revisions: { updateMany: { where: { orgId: orgA.id, number: 2 }, data: { text: "Second" } }, deleteMany: { orgId: orgA.id, number: 1 } } },
    });
    const [rev] = await db().postRevision.findMany({ where: { orgId: orgA.id, postId: post.id } });
    expect(rev).toMatchObject({ number: 2, text: "Second" });
    // A to-one nested update names the org in its where.
    await db().postRevision.update({ where: { id: rev!.id, orgId: orgA.id }, data: { post: { update: { where: { orgId: orgA.id }, data: { title: "Renamed" } } } } });
    expect(await db().post.findFirst({ where: { id: post.id, orgId: orgA.id }, include: { revisions: true } })).toMatchObject({ title: "Renamed", revisions: [{ id: rev!.id }] });
  });
});

describe("relation filters and includes through User → Membership", () => {
  it("refuses a filter on memberships of any org, and answers one that names the org", async () => {
    await expect(db().user.findMany({ where: { id: author.id, memberships: { some: { role: "CONSULTANT" } } } })).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().user.count({ where: { id: author.id, memberships: { some: { orgId: orgA.id } } } })).toBe(1);
    expect(await db().user.count({ where: { id: author.id, memberships: { some: { orgId: orgB.id } } } })).toBe(0);
  });

  it("refuses to include a user's memberships of every org", async () => {
    await expect(db().user.findUnique({ where: { id: author.id }, include: { memberships: true } })).rejects.toBeInstanceOf(TenantScopeError);
    const user = await db().user.findUnique({ where: { id: author.id }, include: { memberships: { where: { orgId: orgA.id } } } });
    expect(user?.memberships.map((m) => m.orgId)).toEqual([orgA.id]);
  });
});

describe("the database keeps same-org relations in one org", () => {
  it("refuses a revision in another org than its post, even when the query names an org", async () => {
    const post = await db().post.create({ data: postData(orgA.id, uniq("same-org")) });
    await expect(db().postRevision.create({ data: { ...revision(orgB.id), postId: post.id } })).rejects.toThrow(/must belong to the org of its Post/);
    await expect(db().postRevision.create({ data: { ...revision(orgA.id), postId: post.id } })).resolves.toMatchObject({ orgId: orgA.id });
  });

  it("refuses linking a consent of another org to a person in an image", async () => {
    const consentB = await db().consent.create({ data: consentData(orgB.id) });
    const consentA = await db().consent.create({ data: consentData(orgA.id) });
    const person = { orgId: orgA.id, mediaId: randomUUID(), kind: "PATIENT" as const, createdById: author.id };
    await expect(db().mediaPerson.create({ data: { ...person, consentId: consentB.id } })).rejects.toThrow(/must belong to the org of its Consent/);
    const linked = await db().mediaPerson.create({ data: { ...person, consentId: consentA.id } });
    await expect(db().mediaPerson.update({ where: { id: linked.id, orgId: orgA.id }, data: { consentId: consentB.id } })).rejects.toThrow(/must belong to the org of its Consent/);
    await expect(db().mediaPerson.update({ where: { id: linked.id, orgId: orgA.id }, data: { consentId: null } })).resolves.toMatchObject({ consentId: null });
  });

  it("refuses moving a post or a consent to another org", async () => {
    const post = await db().post.create({ data: postData(orgA.id, uniq("same-org")) });
    await expect(db().post.update({ where: { id: post.id, orgId: orgA.id }, data: { orgId: orgB.id } })).rejects.toThrow(/orgId cannot change/);
    const consent = await db().consent.create({ data: consentData(orgA.id) });
    await expect(db().consent.update({ where: { id: consent.id, orgId: orgA.id }, data: { orgId: orgB.id } })).rejects.toThrow(/orgId cannot change/);
  });
});
