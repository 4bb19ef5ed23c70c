import { baseEnv } from "@vetted/config";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "./client";
import { acrossOrgs, rawSql } from "./raw-sql";

// Finding 8c: the app connects as vetted_app, which cannot get round the audit trail's append-only
// trigger. The owner (withPgClient) is only for migrations and test set-up.

const appUrl = () => {
  const url = new URL(baseEnv().DATABASE_URL);
  url.username = "vetted_app";
  url.password = "";
  return url.toString();
};

let app: pg.Client;
beforeAll(async () => {
  app = new pg.Client({ connectionString: appUrl() });
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await disconnectDb();
});

/** Runs one statement as the app role inside a transaction that is always rolled back. */
async function asApp(sql: string) {
  await app.query("BEGIN");
  try {
    return await app.query(sql);
  } finally {
    await app.query("ROLLBACK");
  }
}

describe("the application role", () => {
  it("is what the app itself connects as", async () => {
    const [row] = await rawSql(db(), acrossOrgs("test: which role the app connects as")).query<{ user: string }[]>`SELECT current_user AS user`;
    expect(row?.user).toBe("vetted_app");
  });

  it("is neither a superuser nor able to bypass row security, and owns no table", async () => {
    const { rows } = await app.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false }]);
    const owned = await app.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    expect(owned.rows[0].n).toBe(0);
  });

  it("cannot switch the trigger off, for the session or the table", async () => {
    await expect(asApp("SET session_replication_role = replica")).rejects.toThrow(/permission denied/);
    await expect(asApp(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(asApp(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_update_delete`)).rejects.toThrow(/must be owner/);
    await expect(asApp(`DROP TRIGGER audit_event_no_update_delete ON "AuditEvent"`)).rejects.toThrow(/must be owner/);
  });

  it("may read and append to the audit table, nothing else", async () => {
    await expect(asApp(`SELECT count(*) FROM "AuditEvent"`)).resolves.toBeTruthy();
    await expect(asApp(`UPDATE "AuditEvent" SET action = 'x'`)).rejects.toThrow(/permission denied for table AuditEvent/);
    await expect(asApp(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied for table AuditEvent/);
    await expect(asApp(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied for table AuditEvent/);
  });

  it("cannot create tables or touch the migration history", async () => {
    await expect(asApp(`CREATE TABLE public.app_made (id int)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(asApp(`SELECT * FROM "_prisma_migrations"`)).rejects.toThrow(/permission denied/);
  });

  it("has DML on every other table, and every append-only table is read/append only", async () => {
    // Tables guarded by a trigger that raises "append-only" must have been passed to
    // vetted_app_append_only() by their migration; every other table needs the four DML grants.
    // A "purge-only" table (CommentSnapshot: rows past their retention may go) adds DELETE, never UPDATE.
    const { rows } = await app.query<{ table: string; appendOnly: boolean; purgeOnly: boolean; sel: boolean; ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(`
      SELECT c.relname AS table,
             EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid = c.oid AND p.prosrc ILIKE '%append-only%') AS "appendOnly",
             EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid = c.oid AND p.prosrc ILIKE '%purge-only%') AS "purgeOnly",
             has_table_privilege(c.oid, 'SELECT') AS sel, has_table_privilege(c.oid, 'INSERT') AS ins,
             has_table_privilege(c.oid, 'UPDATE') AS upd, has_table_privilege(c.oid, 'DELETE') AS del,
             has_table_privilege(c.oid, 'TRUNCATE') AS trunc
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`);
    expect(rows.length).toBeGreaterThan(5);
    const wrong = rows.filter((r) =>
      r.purgeOnly ? !(r.sel && r.ins && r.del) || r.upd || r.trunc
        : r.appendOnly ? !(r.sel && r.ins) || r.upd || r.del || r.trunc : !(r.sel && r.ins && r.upd && r.del) || r.trunc,
    );
    expect(wrong).toEqual([]);
    expect(rows.find((r) => r.table === "CommentSnapshot")).toMatchObject({ purgeOnly: true, del: true, upd: false });
    expect(rows.find((r) => r.table === "AuditEvent")?.appendOnly).toBe(true);
  });
});
