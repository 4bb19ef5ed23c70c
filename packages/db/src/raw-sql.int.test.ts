import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pgDirect } from "./client";
import type { Organization } from "./generated/prisma/client";
import { ORG_ID, ORG_IDS, RawSqlScopeError, acrossOrgs, advisoryXactLock, forOrg, forOrgs, rawSql } from "./raw-sql";
import { scopedDb } from "./scoped-db";
import { createAgency, createOrg, createUser, uniq } from "./testing";

let orgA: Organization;
let orgB: Organization;
let title: string;

beforeAll(async () => {
  const agency = await createAgency();
  [orgA, orgB] = await Promise.all([createOrg(agency.id), createOrg(agency.id)]);
  const author = await createUser({ passwordHash: "not-a-bcrypt-hash" });
  title = uniq("raw");
  for (const org of [orgA, orgB]) await db().post.create({ data: { orgId: org.id, authorId: author.id, title } });
});

afterAll(() => disconnectDb());

type Row = { orgId: string };

describe("rawSql against PostgreSQL", () => {
  it("binds the org id: a statement for one org reads only that org's rows", async () => {
    const rows = await rawSql(db(), forOrg(orgA.id)).query<Row[]>`SELECT "orgId"::text AS "orgId" FROM "Post" WHERE title = ${title} AND "orgId" = ${ORG_ID}::uuid`;
    expect(rows).toEqual([{ orgId: orgA.id }]);
    const [bound] = await rawSql(db(), forOrg(orgB.id)).query<{ org: string }[]>`SELECT ${ORG_ID}::text AS org`;
    expect(bound?.org).toBe(orgB.id);
  });

  it("binds the list of orgs: a statement for several orgs reads only the listed orgs' rows, through Prisma and the pg pool", async () => {
    const orgC = await createOrg((await createAgency()).id);
    const author = await createUser({ passwordHash: "not-a-bcrypt-hash" });
    const listed = uniq("raw-listed");
    for (const org of [orgA, orgB, orgC]) await db().post.create({ data: { orgId: org.id, authorId: author.id, title: listed } });
    for (const client of [db(), pgDirect()]) {
      const rows = await rawSql(client, forOrgs([orgA.id, orgB.id])).query<{ orgId: string; posts: number }[]>`
        SELECT o.id::text AS "orgId", (SELECT count(*)::int FROM "Post" p WHERE p."orgId" = o.id AND p.title = ${listed}) AS posts
        FROM unnest(${ORG_IDS}::uuid[]) AS o(id) ORDER BY 1`;
      expect(rows).toEqual([orgA.id, orgB.id].sort().map((orgId) => ({ orgId, posts: 1 })));
    }
    expect(await db().post.count({ where: { orgId: orgC.id, title: listed } })).toBe(1);
  });

  it("refuses a statement for an org that does not filter on it, before the database sees it", async () => {
    expect(() => rawSql(db(), forOrg(orgA.id)).query`SELECT "orgId" FROM "Post" WHERE title = ${title}`).toThrow(RawSqlScopeError);
    expect(() => rawSql(db(), forOrg(undefined as unknown as string))).toThrow(RawSqlScopeError);
  });

  it("runs a statement across orgs under the explicit marker", async () => {
    const rows = await rawSql(db(), acrossOrgs("test: the same title in two orgs")).query<Row[]>`
      SELECT "orgId"::text AS "orgId" FROM "Post" WHERE title = ${title} ORDER BY "orgId"`;
    expect(rows.map((r) => r.orgId).sort()).toEqual([orgA.id, orgB.id].sort());
  });

  it("writes inside a transaction and a scopedDb view, under an advisory lock", async () => {
    const renamed = uniq("raw-renamed");
    const count = await db().$transaction(async (tx) => {
      await advisoryXactLock(tx, `test:${orgA.id}`);
      return rawSql(scopedDb(orgA.id, tx), forOrg(orgA.id)).execute`UPDATE "Post" SET title = ${renamed} WHERE title = ${title} AND "orgId" = ${ORG_ID}::uuid`;
    });
    expect(count).toBe(1);
    expect(await db().post.count({ where: { orgId: orgB.id, title } })).toBe(1);
    expect(await db().post.count({ where: { orgId: orgA.id, title: renamed } })).toBe(1);
  });
});
