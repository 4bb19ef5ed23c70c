-- Audit checkpoints and retention (issue 15).

-- A signed anchor of an org's chain head (seq, hash) at a time: deleting the chain's tail no longer goes
-- unnoticed, because the latest checkpoint names an event that must exist. Append-only, except that
-- "exportedAt" may be set once (the copy in the object store was written: the export outbox).
CREATE TABLE "AuditCheckpoint" (
  "id"         UUID NOT NULL,
  "orgId"      UUID NOT NULL,
  "seq"        INTEGER NOT NULL,
  "hash"       TEXT NOT NULL,
  "signedAt"   TIMESTAMPTZ(3) NOT NULL,
  "keyId"      TEXT NOT NULL,
  "signature"  TEXT NOT NULL,
  "reason"     TEXT NOT NULL,
  "createdById" UUID,
  "exportedAt" TIMESTAMPTZ(3),
  CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AuditCheckpoint_seq_positive" CHECK ("seq" >= 1),
  CONSTRAINT "AuditCheckpoint_hash_format" CHECK ("hash" ~ '^[0-9a-f]{64}$'),
  CONSTRAINT "AuditCheckpoint_reason" CHECK ("reason" IN ('scheduled', 'manual'))
);
CREATE UNIQUE INDEX "AuditCheckpoint_orgId_seq_key" ON "AuditCheckpoint"("orgId", "seq");

CREATE FUNCTION audit_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."exportedAt" IS NULL AND NEW."exportedAt" IS NOT NULL
     AND (to_jsonb(NEW) - 'exportedAt') = (to_jsonb(OLD) - 'exportedAt') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditCheckpoint is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only();
SELECT vetted_app_append_only('"AuditCheckpoint"');
GRANT UPDATE ("exportedAt") ON "AuditCheckpoint" TO vetted_app;

-- Retention: audit events are kept at least six years (HIPAA, 45 CFR 164.316(b)(2)). The only way to
-- delete any is vetted_purge_audit_events below, which removes a prefix of one chain whose every event
-- is older than that, and first records where the kept chain now starts (AuditPurge: the last purged
-- event's seq and hash), so verification takes that as the chain's new origin.
CREATE TABLE "AuditPurge" (
  "id"           UUID NOT NULL DEFAULT gen_random_uuid(),
  "chainKey"     TEXT NOT NULL,
  "throughSeq"   INTEGER NOT NULL,
  "throughHash"  TEXT NOT NULL,
  "purged"       INTEGER NOT NULL,
  "olderThan"    TIMESTAMPTZ(3) NOT NULL,
  "purgedAt"     TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "AuditPurge_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AuditPurge_hash_format" CHECK ("throughHash" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "AuditPurge_chainKey_throughSeq_key" ON "AuditPurge"("chainKey", "throughSeq");

CREATE FUNCTION audit_purge_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditPurge is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_purge_append_only BEFORE UPDATE OR DELETE ON "AuditPurge"
  FOR EACH ROW EXECUTE FUNCTION audit_purge_append_only();
CREATE TRIGGER audit_purge_no_truncate BEFORE TRUNCATE ON "AuditPurge"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_purge_append_only();
SELECT vetted_app_append_only('"AuditPurge"');

-- The append-only trigger lets a DELETE through only inside vetted_purge_audit_events (which sets
-- vetted.audit_purge for its own transaction) and only for an event past the retention. vetted_app has
-- no DELETE privilege on AuditEvent at all, so it cannot reach this branch except through the function.
CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('vetted.audit_purge', true) = 'on'
     AND OLD."createdAt" < now() - interval '6 years' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Deletes events 1..p_through_seq of one chain (or what is left of that prefix), all of which must be
-- older than six years and older than p_older_than; refuses otherwise. Returns the number deleted.
CREATE FUNCTION vetted_purge_audit_events(p_chain_key TEXT, p_through_seq INTEGER, p_older_than TIMESTAMPTZ)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_cutoff TIMESTAMPTZ := LEAST(p_older_than, now() - interval '6 years');
  v_hash TEXT;
  v_young INTEGER;
  v_count INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_chain_key, 0));
  SELECT hash INTO v_hash FROM "AuditEvent" WHERE "chainKey" = p_chain_key AND seq = p_through_seq;
  IF v_hash IS NULL THEN
    RAISE EXCEPTION 'no event % in this chain to purge through', p_through_seq USING ERRCODE = 'no_data_found';
  END IF;
  SELECT count(*) INTO v_young FROM "AuditEvent"
    WHERE "chainKey" = p_chain_key AND seq <= p_through_seq AND "createdAt" >= v_cutoff;
  IF v_young > 0 THEN
    RAISE EXCEPTION 'audit events are kept at least six years: % event(s) up to seq % are younger', v_young, p_through_seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO "AuditPurge" ("chainKey", "throughSeq", "throughHash", "purged", "olderThan")
    SELECT p_chain_key, p_through_seq, v_hash, count(*), v_cutoff FROM "AuditEvent"
    WHERE "chainKey" = p_chain_key AND seq <= p_through_seq;
  PERFORM set_config('vetted.audit_purge', 'on', true);
  DELETE FROM "AuditEvent" WHERE "chainKey" = p_chain_key AND seq <= p_through_seq;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('vetted.audit_purge', 'off', true);
  RETURN v_count;
END;
$$;
REVOKE ALL ON FUNCTION vetted_purge_audit_events(TEXT, INTEGER, TIMESTAMPTZ) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vetted_purge_audit_events(TEXT, INTEGER, TIMESTAMPTZ) TO vetted_app;

-- Consents are kept at least six years from when they were last in effect (164.530(j)(2)): a delete
-- before that is refused. Nothing in the app deletes consents today; this keeps it that way until a purge does.
CREATE FUNCTION consent_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF GREATEST(OLD."createdAt", COALESCE(OLD."revokedAt", OLD."expiredAt", OLD."expiresAt", OLD."createdAt")) < now() - interval '6 years' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'Consent is kept six years after it was last in effect: DELETE is not allowed' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER consent_retention BEFORE DELETE ON "Consent" FOR EACH ROW EXECUTE FUNCTION consent_retention();
