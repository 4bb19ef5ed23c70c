-- Issue 12 leftovers: breach incidents opened from the comment inbox, the incidents' deadline
-- reminders, and key rotation reaching every envelope column (not only the consent register's).

-- An incident opened from a comment names the comment (one incident per comment: the unique index of
-- 20261206091000_group_reports_incidents) and now points at a row that exists. Nothing deletes comments.
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "SocialComment"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- The staff member who posted it, when they are no member of the org (the page's social-media nurse,
-- say): their typed name, a consent-key envelope, AAD "incident:<orgId>:<id>:employee".
ALTER TABLE "Incident" ADD COLUMN "employeeNameCipher" TEXT;
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_employee_name_envelope" CHECK ("employeeNameCipher" IS NULL OR "employeeNameCipher" LIKE 'v1:%');
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_one_employee" CHECK (num_nonnulls("employeeId", "employeeNameCipher") <= 1);

-- 164.404(b): the deadline reminders sent (remind-incident-deadlines.ts), one row per incident and
-- milestone: "before-30", "before-14", "before-7", "before-3", "before-1", then "overdue-<n>" for the
-- nth day past the deadline. The unique index is what makes each reminder go out once, whichever
-- worker gets there first. A record of what the officers were told: append-only.
CREATE TABLE "IncidentReminder" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "deadlineAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentReminder_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "IncidentReminder_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "IncidentReminder_milestone_format" CHECK ("milestone" ~ '^(before-(30|14|7|3|1)|overdue-[1-9][0-9]{0,5})$')
);
CREATE UNIQUE INDEX "IncidentReminder_incidentId_milestone_key" ON "IncidentReminder"("incidentId", "milestone");
CREATE INDEX "IncidentReminder_orgId_incidentId_idx" ON "IncidentReminder"("orgId", "incidentId");
CREATE TRIGGER incident_reminder_append_only BEFORE UPDATE OR DELETE ON "IncidentReminder"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER incident_reminder_no_truncate BEFORE TRUNCATE ON "IncidentReminder"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"IncidentReminder"');

-- Key rotation (packages/domain/src/consents/reencrypt-stored-fields.ts) rewrites every envelope still
-- under an older key id. On the evidence tables (WebhookDelivery, CommentSnapshot, CommentEvent) that
-- is the one change allowed: the named envelope columns, each unchanged or a v1 envelope under another
-- key id than before, and every other column as it was. (The database cannot see the plaintext; the
-- AAD binds each envelope to its row, so a moved envelope still fails to decrypt.)
CREATE FUNCTION vetted_reencryption_only(old_row jsonb, new_row jsonb, cols text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  -- coalesce: a NULL per column (an envelope cleared) must refuse, and bool_and would skip it.
  SELECT (old_row - cols) = (new_row - cols) AND bool_and(coalesce(
    (new_row ->> c) IS NOT DISTINCT FROM (old_row ->> c)
    OR ((old_row ->> c) IS NOT NULL AND (new_row ->> c) LIKE 'v1:%' AND split_part(new_row ->> c, ':', 2) <> split_part(old_row ->> c, ':', 2)),
    false))
  FROM unnest(cols) AS c
$$;
REVOKE ALL ON FUNCTION vetted_reencryption_only(jsonb, jsonb, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vetted_reencryption_only(jsonb, jsonb, text[]) TO vetted_app;

CREATE FUNCTION webhook_delivery_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND vetted_reencryption_only(to_jsonb(OLD), to_jsonb(NEW), ARRAY['bodyCipher']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'WebhookDelivery is append-only: % is not allowed (only a re-encryption of the body under another key)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER webhook_delivery_append_only ON "WebhookDelivery";
CREATE TRIGGER webhook_delivery_append_only BEFORE UPDATE OR DELETE ON "WebhookDelivery"
  FOR EACH ROW EXECUTE FUNCTION webhook_delivery_append_only();
GRANT UPDATE ("bodyCipher") ON "WebhookDelivery" TO vetted_app;

CREATE OR REPLACE FUNCTION comment_snapshot_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD."retainUntil" < now() THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND vetted_reencryption_only(to_jsonb(OLD), to_jsonb(NEW), ARRAY['textCipher', 'authorNameCipher']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'CommentSnapshot is kept until retainUntil (purge-only): % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
GRANT UPDATE ("textCipher", "authorNameCipher") ON "CommentSnapshot" TO vetted_app;

CREATE OR REPLACE FUNCTION comment_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'enqueuedAt' - 'processedAt') = (to_jsonb(OLD) - 'enqueuedAt' - 'processedAt')
     AND (OLD."processedAt" IS NULL OR NEW."processedAt" IS NOT DISTINCT FROM OLD."processedAt")
     AND (OLD."enqueuedAt" IS NULL OR NEW."enqueuedAt" IS NOT NULL) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND vetted_reencryption_only(to_jsonb(OLD), to_jsonb(NEW), ARRAY['textCipher', 'authorNameCipher']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'CommentEvent is append-only: % is not allowed (only enqueuedAt and processedAt may be set)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
GRANT UPDATE ("textCipher", "authorNameCipher") ON "CommentEvent" TO vetted_app;
