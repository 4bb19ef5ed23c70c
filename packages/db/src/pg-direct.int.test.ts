import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pgDirect } from "./client";
import { TransactionTimeoutError } from "./pg-direct";
import type { Organization, User } from "./generated/prisma/client";
import { ORG_ID, RawSqlScopeError, acrossOrgs, forOrg, rawSql, type RawClient } from "./raw-sql";
import { createAgency, createOrg, createUser, uniq } from "./testing";

// The worker's hot paths run raw SQL on the pg pool without Prisma: same statements, same scope
// check, same transaction semantics, and dates stored as Prisma stores them.
let org: Organization;
let other: Organization;
let author: User;

beforeAll(async () => {
  const agency = await createAgency();
  [org, other] = await Promise.all([createOrg(agency.id), createOrg(agency.id)]);
  author = await createUser({ passwordHash: "not-a-bcrypt-hash" });
});

afterAll(() => disconnectDb());

const insertPost = (title: string) =>
  (tx: RawClient) => rawSql(tx, forOrg(org.id)).query<{ id: string }[]>`
    INSERT INTO "Post" (id, "orgId", "authorId", title, "updatedAt") VALUES (gen_random_uuid(), ${ORG_ID}::uuid, ${author.id}::uuid, ${title}, now())
    RETURNING id::text`;

describe("pgDirect", () => {
  it("rolls back a transaction kept open past its timeout: the next statement is refused, and so is the commit", async () => {
    const late = uniq("late");
    await expect(pgDirect().transaction(async (tx) => {
      await insertPost(late)(tx);
      await new Promise((resolve) => setTimeout(resolve, 80));
      await insertPost(`${late}-2`)(tx);
    }, { timeoutMs: 30 })).rejects.toBeInstanceOf(TransactionTimeoutError);
    const slowEnd = uniq("slow-end");
    await expect(pgDirect().transaction(async (tx) => {
      await insertPost(slowEnd)(tx);
      await new Promise((resolve) => setTimeout(resolve, 80));
    }, { timeoutMs: 30 })).rejects.toBeInstanceOf(TransactionTimeoutError);
    expect(await db().post.count({ where: { orgId: org.id, title: { in: [late, `${late}-2`, slowEnd] } } })).toBe(0);
    // Within its time, the same work commits.
    await pgDirect().transaction(async (tx) => void (await insertPost(slowEnd)(tx)), { timeoutMs: 5_000 });
    expect(await db().post.count({ where: { orgId: org.id, title: slowEnd } })).toBe(1);
  });

  it("commits a transaction's statements together, and rolls all of them back when the function throws", async () => {
    const kept = uniq("kept");
    await pgDirect().transaction(async (tx) => {
      await insertPost(kept)(tx);
      await rawSql(tx, forOrg(org.id)).execute`UPDATE "Post" SET title = ${`${kept}-2`} WHERE "orgId" = ${ORG_ID}::uuid AND title = ${kept}`;
    });
    expect(await db().post.count({ where: { orgId: org.id, title: `${kept}-2` } })).toBe(1);

    const lost = uniq("lost");
    await expect(pgDirect().transaction(async (tx) => {
      await rawSql(tx, forOrg(org.id)).execute`INSERT INTO "Post" (id, "orgId", "authorId", title, "updatedAt") VALUES (gen_random_uuid(), ${ORG_ID}::uuid, ${author.id}::uuid, ${lost}, now())`;
      throw new Error("after the insert");
    })).rejects.toThrow("after the insert");
    expect(await db().post.count({ where: { orgId: org.id, title: lost } })).toBe(0);
    // Every connection went back to the pool out of its transaction: statements on all of them succeed.
    const counts = await Promise.all(Array.from({ length: 12 }, () => rawSql(pgDirect(), forOrg(org.id)).query<{ n: number }[]>`SELECT count(*)::int AS n FROM "Post" WHERE "orgId" = ${ORG_ID}::uuid AND title = ${lost}`));
    expect(counts.map(([row]) => row!.n)).toEqual(Array(12).fill(0));
  });

  it("runs a statement as a named prepared statement: prepared once on a connection, right for each run's values", async () => {
    await pgDirect().transaction(async (tx) => {
      const title = async (id: string) =>
        (await rawSql(tx, forOrg(id)).query<{ n: string }[]>`SELECT name AS n FROM "Organization" WHERE id = ${ORG_ID}::uuid`)[0]?.n;
      expect([await title(org.id), await title(other.id), await title(org.id)]).toEqual([org.name, other.name, org.name]);
      const prepared = await rawSql(tx, acrossOrgs("test: the connection's prepared statements")).query<{ name: string }[]>`
        SELECT name FROM pg_prepared_statements WHERE statement LIKE '%FROM "Organization" WHERE id = $1::uuid%' AND statement NOT LIKE '%pg_prepared_statements%'`;
      expect(prepared.map((p) => p.name)).toEqual([expect.stringMatching(/^vetted_/)]);
    });
  });

  it("binds the scope's org and refuses a statement that does not filter on it", async () => {
    const [bound] = await rawSql(pgDirect(), forOrg(other.id)).query<{ org: string }[]>`SELECT ${ORG_ID}::text AS org`;
    expect(bound?.org).toBe(other.id);
    expect(() => rawSql(pgDirect(), forOrg(org.id)).query`SELECT count(*) FROM "Post"`).toThrow(RawSqlScopeError);
  });

  it("sends a Date as UTC, as Prisma does: a timestamp without time zone (OutboxMail.createdAt) holds UTC whatever the process time zone", async () => {
    const at = new Date("2026-03-01T12:34:56.789Z");
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const [row] = await rawSql(pgDirect(), forOrg(org.id)).query<{ t: string }[]>`
        SELECT to_char(${at}::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS t WHERE ${ORG_ID}::uuid IS NOT NULL`;
      expect(row?.t).toBe("2026-03-01T12:34:56.789");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
