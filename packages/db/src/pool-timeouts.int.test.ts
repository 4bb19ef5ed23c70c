import { baseEnv } from "@vetted/config";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, pgDirect, poolConfig } from "./client";
import type { Organization, User } from "./generated/prisma/client";
import { pgRawClient, pgTransaction } from "./pg-direct";
import { acrossOrgs, forOrg, ORG_ID, rawSql, type RawClient } from "./raw-sql";
import { createAgency, createOrg, createUser, uniq } from "./testing";

// PostgreSQL itself bounds a statement and a transaction left idle, on every connection of the app's
// pool, whichever client (Prisma or pgDirect) holds it; and a connection the server ends under a
// pgDirect transaction fails that transaction instead of the process.
let org: Organization;
let author: User;
const shortPool = new pg.Pool(poolConfig({ ...baseEnv(), DATABASE_STATEMENT_TIMEOUT_MS: 150, DATABASE_IDLE_TX_TIMEOUT_MS: 200 }));
const offPool = new pg.Pool(poolConfig({ ...baseEnv(), DATABASE_STATEMENT_TIMEOUT_MS: 0, DATABASE_IDLE_TX_TIMEOUT_MS: 0 }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const limitsOf = async (client: RawClient) => rawSql(client, acrossOrgs("test: read the session's own settings")).query<{ statement: string; idle: string }[]>`
  SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`;

beforeAll(async () => {
  org = await createOrg((await createAgency()).id);
  author = await createUser({ passwordHash: "not-a-bcrypt-hash" });
});

afterAll(async () => {
  await Promise.all([shortPool.end(), offPool.end()]);
  await disconnectDb();
});

describe("the app pool's server-side limits", () => {
  it("are 30 s a statement and 1 min idle in a transaction by default, for Prisma and pgDirect alike", async () => {
    expect(await limitsOf(db() as unknown as RawClient)).toEqual([{ statement: "30s", idle: "1min" }]);
    expect(await limitsOf(pgDirect())).toEqual([{ statement: "30s", idle: "1min" }]);
    expect(await limitsOf(pgRawClient(offPool))).toEqual([{ statement: "0", idle: "0" }]);
  });

  it("cancel a statement that runs past the limit (SQLSTATE 57014), and the pool serves the next one", async () => {
    const started = performance.now();
    await expect(shortPool.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
    expect(performance.now() - started).toBeLessThan(1500);
    expect((await shortPool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await expect(offPool.query("SELECT pg_sleep(0.3)")).resolves.toBeDefined();
  });

  it("end a pgDirect transaction left idle past the limit: it fails and writes nothing, the process and the pool live on", async () => {
    const title = uniq("idle-tx");
    const insert = (tx: RawClient, suffix: string) => rawSql(tx, forOrg(org.id)).execute`
      INSERT INTO "Post" (id, "orgId", "authorId", title, "updatedAt") VALUES (gen_random_uuid(), ${ORG_ID}::uuid, ${author.id}::uuid, ${title + suffix}, now())`;
    await expect(pgTransaction(shortPool, async (tx) => {
      await insert(tx, "");
      await sleep(600);
      await insert(tx, "-after");
    })).rejects.toThrow();
    expect(await db().post.count({ where: { orgId: org.id, title: { startsWith: title } } })).toBe(0);
    expect((await shortPool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    // The same wait without the limit commits both rows.
    await pgTransaction(offPool, async (tx) => {
      await insert(tx, "-a");
      await sleep(300);
      await insert(tx, "-b");
    });
    expect(await db().post.count({ where: { orgId: org.id, title: { startsWith: title } } })).toBe(2);
  });
});
