-- The audit chain's lock and head in one round trip (issue 17, bench:comments).
--
-- Every append takes the chain's transaction-level advisory lock, reads the head (seq, hash) and inserts
-- the next events; the lock is held until the transaction commits, so one org's writers queue on it.
-- Taken from the application as two statements (lock, then read), the head read cost a round trip
-- inside the held section, and under load a round trip is milliseconds: with the comment worker's
-- concurrent events the queue on one org's lock became the pipeline's bottleneck.
--
-- Why a function, and why VOLATILE: a single statement "lock, then read" would read the head under the
-- snapshot taken when the statement started, i.e. before the lock was granted, and miss events another
-- writer committed while this one waited (a forked chain). A VOLATILE PL/pgSQL function takes a fresh
-- snapshot for each statement it runs (READ COMMITTED, PostgreSQL's and Prisma's default), so the read
-- below sees everything committed before the lock was granted, exactly as the two-statement form did.
-- The lock key is the one the application uses (advisoryXactLock: hashtextextended('audit:<chainKey>', 0)),
-- so the checkpoint writer, which takes the same lock itself, still excludes appends.
CREATE OR REPLACE FUNCTION vetted_audit_chain_head(p_chain_key TEXT)
RETURNS TABLE (seq INTEGER, hash TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_chain_key, 0));
  RETURN QUERY SELECT e.seq, e.hash FROM "AuditEvent" e WHERE e."chainKey" = p_chain_key ORDER BY e.seq DESC LIMIT 1;
END
$$;
REVOKE ALL ON FUNCTION vetted_audit_chain_head(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vetted_audit_chain_head(TEXT) TO vetted_app;
