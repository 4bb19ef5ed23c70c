import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { ORG_ID, ORG_IDS, RawSqlScopeError, acrossOrgs, advisoryXactLock, bindScope, forOrg, forOrgs, rawSql, type RawClient } from "./raw-sql";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const PHI = "Jane Patient";

/** Records what would be sent; runs nothing. */
function recordingClient() {
  const sent: Prisma.Sql[] = [];
  const client: RawClient = {
    $queryRaw: async <T>(sql: Prisma.Sql) => {
      sent.push(sql);
      return [] as T;
    },
    $executeRaw: async (sql: Prisma.Sql) => {
      sent.push(sql);
      return 0;
    },
  };
  return { client, sent };
}

describe("scopes", () => {
  it.each([undefined, null, "", "acme", `${A} OR true`])("forOrg refuses %j", (orgId) => {
    expect(() => forOrg(orgId as string)).toThrow(RawSqlScopeError);
  });

  it("acrossOrgs needs a reason", () => {
    expect(() => acrossOrgs("")).toThrow(RawSqlScopeError);
    expect(() => acrossOrgs("   ")).toThrow(RawSqlScopeError);
    expect(acrossOrgs("outbox sweep of every org")).toMatchObject({ orgId: null, reason: "outbox sweep of every org" });
  });

  it("refuses a look-alike scope object", () => {
    const fake = { orgId: A, reason: null } as never;
    expect(() => bindScope(Prisma.sql`SELECT 1 WHERE ${ORG_ID}::uuid IS NOT NULL`, fake)).toThrow(/needs a scope/);
  });
});

describe("binding the org", () => {
  it("replaces every ORG_ID with the org id, nested fragments too, and leaves the text alone", () => {
    const inner = Prisma.sql`AND c."orgId" = ${ORG_ID}::uuid`;
    const sql = Prisma.sql`SELECT id FROM "Post" p JOIN "Consent" c ON true WHERE p."orgId" = ${ORG_ID}::uuid AND p.title = ${PHI} ${inner}`;
    const bound = bindScope(sql, forOrg(A));
    expect(bound.values).toEqual([A, PHI, A]);
    expect(bound.text).toBe(sql.text);
    expect(bound.text).toContain('p."orgId" = $1::uuid');
  });

  it("refuses an org statement that never uses ORG_ID, naming no value", () => {
    const sql = Prisma.sql`SELECT id FROM "Post" WHERE title = ${PHI} AND "orgId" = ${A}::uuid`;
    expect(() => bindScope(sql, forOrg(A))).toThrow(RawSqlScopeError);
    expect(() => bindScope(sql, forOrg(A))).toThrow(/must filter on \$\{ORG_ID\}/);
    try {
      bindScope(sql, forOrg(A));
    } catch (e) {
      expect((e as Error).message).not.toContain(PHI);
      expect((e as Error).message).not.toContain(A);
    }
  });

  it("refuses ORG_ID across orgs, where there is no org to bind", () => {
    expect(() => bindScope(Prisma.sql`SELECT 1 WHERE ${ORG_ID}::uuid IS NULL`, acrossOrgs("no org here at all"))).toThrow(/use forOrg/);
  });

  it("passes a statement across orgs through unchanged", () => {
    const sql = Prisma.sql`SELECT id FROM "CommentEvent" WHERE "enqueuedAt" IS NULL LIMIT ${20}`;
    expect(bindScope(sql, acrossOrgs("dispatcher sweep of every org"))).toBe(sql);
  });
});

describe("binding several orgs", () => {
  it.each([undefined, null, [], [A, "acme"], [A, `${B} OR true`], A])("forOrgs refuses %j", (orgIds) => {
    expect(() => forOrgs(orgIds as string[])).toThrow(RawSqlScopeError);
  });

  it("binds every ORG_IDS to the list (each org once), nested fragments too", () => {
    const inner = Prisma.sql`AND c."orgId" = ANY(${ORG_IDS}::uuid[])`;
    const sql = Prisma.sql`SELECT o.id, (SELECT count(*) FROM "Consent" c WHERE c."orgId" = o.id ${inner}) FROM unnest(${ORG_IDS}::uuid[]) AS o(id) WHERE ${PHI} <> ''`;
    const bound = bindScope(sql, forOrgs([A, B, A]));
    expect(bound.values).toEqual([[A, B], [A, B], PHI]);
    expect(bound.text).toBe(sql.text);
  });

  it("refuses a statement for several orgs without ORG_IDS, or with ORG_ID, naming no value", () => {
    const none = Prisma.sql`SELECT id FROM "Post" WHERE title = ${PHI}`;
    expect(() => bindScope(none, forOrgs([A, B]))).toThrow(/must filter on \$\{ORG_IDS\}/);
    const single = Prisma.sql`SELECT id FROM "Post" WHERE "orgId" = ${ORG_ID}::uuid AND "orgId" = ANY(${ORG_IDS}::uuid[]) AND title = ${PHI}`;
    expect(() => bindScope(single, forOrgs([A, B]))).toThrow(/ORG_ID in a statement for several orgs/);
    for (const sql of [none, single]) {
      try {
        bindScope(sql, forOrgs([A, B]));
      } catch (e) {
        expect((e as Error).message).not.toContain(PHI);
        expect((e as Error).message).not.toContain(A);
      }
    }
  });

  it("refuses ORG_IDS in a one-org or across-orgs statement", () => {
    const sql = Prisma.sql`SELECT id FROM "Post" WHERE "orgId" = ${ORG_ID}::uuid OR "orgId" = ANY(${ORG_IDS}::uuid[])`;
    expect(() => bindScope(sql, forOrg(A))).toThrow(/use forOrgs/);
    expect(() => bindScope(Prisma.sql`SELECT 1 WHERE ${ORG_IDS}::uuid[] IS NULL`, acrossOrgs("no org here at all"))).toThrow(/use forOrgs/);
  });
});

describe("rawSql", () => {
  it("sends the bound statement, tagged template or prebuilt Sql", async () => {
    const { client, sent } = recordingClient();
    await rawSql(client, forOrg(A)).query`SELECT id FROM "Incident" WHERE id = ${"i-1"} AND "orgId" = ${ORG_ID}::uuid`;
    await rawSql(client, forOrg(A)).execute(Prisma.sql`UPDATE "Incident" SET status = 'CLOSED' WHERE "orgId" = ${ORG_ID}::uuid`);
    expect(sent.map((s) => s.values)).toEqual([["i-1", A], [A]]);
  });

  it("sends nothing when the statement does not fit its scope", async () => {
    const { client, sent } = recordingClient();
    expect(() => rawSql(client, forOrg(A)).query`SELECT id FROM "Incident"`).toThrow(RawSqlScopeError);
    expect(() => rawSql(client, forOrg(A)).execute(Prisma.sql`SELECT 1`, 1)).toThrow(/alone/);
    expect(sent).toEqual([]);
  });

  it("takes an advisory lock on a key bound as a parameter", async () => {
    const { client, sent } = recordingClient();
    await advisoryXactLock(client, `audit:${A}`);
    expect(sent[0]!.text).toBe("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
    expect(sent[0]!.values).toEqual([`audit:${A}`]);
  });
});
