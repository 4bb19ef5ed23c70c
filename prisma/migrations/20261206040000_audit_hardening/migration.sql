-- Audit trail hardening (issue 14, finding 8).

-- 8d. Which AUDIT_CHAIN_KEY an event's hash is an HMAC under. NULL marks a legacy event written before
-- the chain was keyed (plain SHA-256); verification reports those separately instead of trusting them.
ALTER TABLE "AuditEvent" ADD COLUMN "keyId" TEXT;
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_keyId_format" CHECK ("keyId" IS NULL OR "keyId" ~ '^[A-Za-z0-9_-]{1,32}$');

-- 8c. The application's own role. Migrations run as the table owner (MIGRATION_DATABASE_URL); the app
-- connects as vetted_app (DATABASE_URL), which is not a superuser and owns nothing, so it can neither
-- `SET session_replication_role = replica` nor `ALTER TABLE … DISABLE TRIGGER` to get round the
-- append-only trigger, and has no UPDATE, DELETE or TRUNCATE on the audit table at all.
-- Roles are cluster-wide and several databases may migrate at once (test databases): create it only
-- when missing, and tolerate losing the race to another database's migration.
-- No password is set here: local clusters use trust auth. In production set one once, outside the
-- migrations:  ALTER ROLE vetted_app PASSWORD '…';  and put it in DATABASE_URL.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vetted_app') THEN
    BEGIN
      CREATE ROLE vetted_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- A role of that name made by hand must not keep powers that would defeat the point.
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vetted_app'
             AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication OR NOT rolcanlogin)) THEN
    ALTER ROLE vetted_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO vetted_app', current_database());
END
$$;

-- PostgreSQL before 15 lets every role create objects in public; the app must not (it owns nothing).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO vetted_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vetted_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vetted_app;
-- Tables and sequences later migrations create (as this same owner) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vetted_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vetted_app;

-- Append-only tables: read and append, nothing else. A later migration that adds an append-only table
-- (with a trigger raising "… append-only …") must call this too; audit-roles.int.test.ts checks that
-- every such table is covered.
CREATE OR REPLACE FUNCTION vetted_app_append_only(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('REVOKE ALL ON %s FROM vetted_app', tbl);
  EXECUTE format('GRANT SELECT, INSERT ON %s TO vetted_app', tbl);
END
$$;
REVOKE ALL ON FUNCTION vetted_app_append_only(regclass) FROM PUBLIC;
SELECT vetted_app_append_only('"AuditEvent"');

-- Migration bookkeeping is the owner's business.
REVOKE ALL ON "_prisma_migrations" FROM vetted_app;
