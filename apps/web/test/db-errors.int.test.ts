import { randomUUID } from "node:crypto";
import { db, acrossOrgs, rawSql } from "@vetted/db";
import { createOrgWithMembers } from "@vetted/domain/testing";
import { describe, expect, it } from "vitest";
import { errorResponse, toErrorBody } from "@/lib/errors";

// Real PostgreSQL errors caused by bad input become 4xx with a generic message (never the database's
// own, which quotes the value), not 500.

const caught = async (run: () => Promise<unknown>) => run().then(() => { throw new Error("did not fail"); }, (error: unknown) => error);

describe("database errors from input", () => {
  it("NUL in text → 400, unique violation → 409, missing record → 404, malformed uuid cast → 400", async () => {
    const { org } = await createOrgWithMembers();
    const nul = toErrorBody(await caught(() => db().organization.update({ where: { id: org.id }, data: { name: "Clinic\u0000secret" } })));
    expect(nul.status).toBe(400);
    expect(JSON.stringify(nul.body)).not.toMatch(/secret|0x00|UTF8/);

    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = org as typeof org & { createdAt: Date; updatedAt: Date };
    const dup = toErrorBody(await caught(() => db().organization.create({ data: { ...rest, name: "Duplicate" } as never })));
    expect(dup).toMatchObject({ status: 409, body: { code: "CONFLICT" } });
    expect(JSON.stringify(dup.body)).not.toContain(org.slug);

    const missing = await errorResponse(await caught(() => db().organization.update({ where: { id: randomUUID() }, data: { name: "x" } })));
    expect(missing.status).toBe(404);

    const cast = toErrorBody(await caught(() => rawSql(db(), acrossOrgs("test: a bad uuid from input")).query`SELECT 1 FROM "Organization" WHERE id = ${"not-a-uuid-secret"}::uuid`));
    expect(cast.status).toBe(400);
    expect(JSON.stringify(cast.body)).not.toContain("secret");
  });

  it("other errors stay a 500 with a reference only", () => {
    expect(toErrorBody(new Error("boom with data")).status).toBe(500);
    expect(toErrorBody(Object.assign(new Error("x"), { name: "PrismaClientKnownRequestError", code: "P1001" })).status).toBe(500);
  });
});
