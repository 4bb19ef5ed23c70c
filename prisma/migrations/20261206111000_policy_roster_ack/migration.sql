-- Issue 13, the workforce roster and the acknowledgements of the policy manual (45 CFR 164.530(b),
-- training documented; 164.530(j), kept 6 years): the people who must acknowledge (members and
-- workforce without a Vetted account, imported from CSV), one acknowledgement per person and approved
-- version (read, quiz, signed), every quiz attempt, and every reminder sent. Nothing here is deleted.

CREATE TYPE "WorkforceSource" AS ENUM ('MEMBER', 'CSV', 'MANUAL');
CREATE TYPE "AckSignatureMethod" AS ENUM ('LINK', 'IN_APP');

-- A person of the org's workforce. Staff, not patients: names and addresses are no PHI, but they are
-- personal data, so audit metadata names them by id only. A member has userId (synced from Membership);
-- someone who leaves is deactivated (active = false), never deleted: their acknowledgements stay.
CREATE TABLE "WorkforcePerson" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "department" TEXT NOT NULL DEFAULT '',
    "jobRole" TEXT NOT NULL DEFAULT '',
    "userId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "source" "WorkforceSource" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkforcePerson_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WorkforcePerson_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "WorkforcePerson_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "WorkforcePerson_name" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "WorkforcePerson_email" CHECK ("email" = lower(btrim("email")) AND length("email") BETWEEN 3 AND 254 AND "email" LIKE '%_@_%'),
    CONSTRAINT "WorkforcePerson_department" CHECK (length("department") <= 100),
    CONSTRAINT "WorkforcePerson_job_role" CHECK (length("jobRole") <= 100),
    CONSTRAINT "WorkforcePerson_member" CHECK (("source" = 'MEMBER') = ("userId" IS NOT NULL))
);
CREATE UNIQUE INDEX "WorkforcePerson_orgId_email_key" ON "WorkforcePerson"("orgId", "email");
CREATE UNIQUE INDEX "WorkforcePerson_orgId_userId_key" ON "WorkforcePerson"("orgId", "userId");
CREATE UNIQUE INDEX "WorkforcePerson_id_orgId_key" ON "WorkforcePerson"("id", "orgId");
CREATE INDEX "WorkforcePerson_orgId_active_department_idx" ON "WorkforcePerson"("orgId", "active", "department");

CREATE FUNCTION workforce_person_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" AND NEW."orgId" = OLD."orgId" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'WorkforcePerson rows are kept (deactivate instead): % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER workforce_person_kept BEFORE UPDATE OR DELETE ON "WorkforcePerson"
  FOR EACH ROW EXECUTE FUNCTION workforce_person_kept();
CREATE TRIGGER workforce_person_no_truncate BEFORE TRUNCATE ON "WorkforcePerson"
  FOR EACH STATEMENT EXECUTE FUNCTION workforce_person_kept();

-- One person's acknowledgement of one approved version. The emailed link's token is stored only as its
-- SHA-256 (linkTokenHash; a new link replaces it, so the previous link stops working), expires at
-- linkExpiresAt and is used up by the signature (linkUsedAt). Once signed the row is a record: no
-- change at all. No row is ever deleted; an acknowledgement of an older version is "outdated" simply
-- because a newer version was approved.
CREATE TABLE "PolicyAcknowledgement" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "linkTokenHash" TEXT,
    "linkExpiresAt" TIMESTAMPTZ(3),
    "linkSentAt" TIMESTAMPTZ(3),
    "linkUsedAt" TIMESTAMPTZ(3),
    "openedAt" TIMESTAMPTZ(3),
    "readSeconds" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "passedAt" TIMESTAMPTZ(3),
    "signedName" TEXT,
    "signedAt" TIMESTAMPTZ(3),
    "signatureMethod" "AckSignatureMethod",
    "signerIp" TEXT,
    "signerUserAgent" TEXT,
    "escalatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PolicyAcknowledgement_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyAcknowledgement_version_fkey" FOREIGN KEY ("versionId", "orgId") REFERENCES "PolicyManualVersion"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyAcknowledgement_person_fkey" FOREIGN KEY ("personId", "orgId") REFERENCES "WorkforcePerson"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyAcknowledgement_due" CHECK ("dueAt" > "assignedAt"),
    CONSTRAINT "PolicyAcknowledgement_token_hash" CHECK ("linkTokenHash" IS NULL OR "linkTokenHash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "PolicyAcknowledgement_link" CHECK (("linkTokenHash" IS NULL) = ("linkExpiresAt" IS NULL)),
    CONSTRAINT "PolicyAcknowledgement_counts" CHECK ("readSeconds" >= 0 AND "attempts" >= 0),
    CONSTRAINT "PolicyAcknowledgement_signed" CHECK (
        ("signedAt" IS NULL) = ("signedName" IS NULL) AND ("signedAt" IS NULL) = ("signatureMethod" IS NULL)),
    CONSTRAINT "PolicyAcknowledgement_signed_name" CHECK ("signedName" IS NULL OR length("signedName") BETWEEN 1 AND 200),
    -- The link is used by signing through it, and by nothing else.
    CONSTRAINT "PolicyAcknowledgement_link_used" CHECK (("linkUsedAt" IS NOT NULL) = ("signatureMethod" IS NOT DISTINCT FROM 'LINK'))
);
CREATE UNIQUE INDEX "PolicyAcknowledgement_versionId_personId_key" ON "PolicyAcknowledgement"("versionId", "personId");
CREATE UNIQUE INDEX "PolicyAcknowledgement_linkTokenHash_key" ON "PolicyAcknowledgement"("linkTokenHash");
CREATE UNIQUE INDEX "PolicyAcknowledgement_id_orgId_key" ON "PolicyAcknowledgement"("id", "orgId");
CREATE INDEX "PolicyAcknowledgement_orgId_versionId_idx" ON "PolicyAcknowledgement"("orgId", "versionId");
CREATE INDEX "PolicyAcknowledgement_orgId_personId_idx" ON "PolicyAcknowledgement"("orgId", "personId");
-- The reminder sweep's candidates: unsigned, by due time.
CREATE INDEX "PolicyAcknowledgement_unsigned_dueAt_idx" ON "PolicyAcknowledgement"("dueAt") WHERE "signedAt" IS NULL;

CREATE FUNCTION policy_ack_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."signedAt" IS NULL
     AND NEW."id" = OLD."id" AND NEW."orgId" = OLD."orgId" AND NEW."versionId" = OLD."versionId"
     AND NEW."personId" = OLD."personId" AND NEW."assignedAt" = OLD."assignedAt"
     AND NEW."readSeconds" >= OLD."readSeconds" AND NEW."attempts" >= OLD."attempts"
     AND (OLD."passedAt" IS NULL OR NEW."passedAt" = OLD."passedAt")
     AND (OLD."openedAt" IS NULL OR NEW."openedAt" = OLD."openedAt") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'PolicyAcknowledgement rows are kept (164.530(j)) and a signed one never changes: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER policy_ack_kept BEFORE UPDATE OR DELETE ON "PolicyAcknowledgement"
  FOR EACH ROW EXECUTE FUNCTION policy_ack_kept();
CREATE TRIGGER policy_ack_no_truncate BEFORE TRUNCATE ON "PolicyAcknowledgement"
  FOR EACH STATEMENT EXECUTE FUNCTION policy_ack_kept();

-- Every quiz attempt, graded: answers = { <question id>: <chosen index> }. Append-only.
CREATE TABLE "PolicyQuizAttempt" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "acknowledgementId" UUID NOT NULL,
    "scorePercent" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "passPercent" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyQuizAttempt_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyQuizAttempt_ack_fkey" FOREIGN KEY ("acknowledgementId", "orgId") REFERENCES "PolicyAcknowledgement"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyQuizAttempt_score" CHECK ("scorePercent" BETWEEN 0 AND 100 AND "passPercent" BETWEEN 0 AND 100),
    CONSTRAINT "PolicyQuizAttempt_answers_object" CHECK (jsonb_typeof("answers") = 'object')
);
CREATE INDEX "PolicyQuizAttempt_orgId_acknowledgementId_idx" ON "PolicyQuizAttempt"("orgId", "acknowledgementId");
CREATE TRIGGER policy_quiz_attempt_append_only BEFORE UPDATE OR DELETE ON "PolicyQuizAttempt"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER policy_quiz_attempt_no_truncate BEFORE TRUNCATE ON "PolicyQuizAttempt"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"PolicyQuizAttempt"');

-- The reminders sent (remind-policy-acknowledgements.ts), one row per acknowledgement and milestone:
-- "start", "before-7", "before-1", "due", "overdue-<n>" for the nth day after the due time, and
-- "escalated" (the compliance officers told, once). The unique index is what makes each go out once,
-- whichever worker gets there first. Append-only.
CREATE TABLE "PolicyReminder" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "acknowledgementId" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyReminder_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyReminder_ack_fkey" FOREIGN KEY ("acknowledgementId", "orgId") REFERENCES "PolicyAcknowledgement"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyReminder_milestone_format" CHECK ("milestone" ~ '^(start|before-(7|1)|due|overdue-[1-9][0-9]{0,4}|escalated)$')
);
CREATE UNIQUE INDEX "PolicyReminder_acknowledgementId_milestone_key" ON "PolicyReminder"("acknowledgementId", "milestone");
CREATE INDEX "PolicyReminder_orgId_acknowledgementId_idx" ON "PolicyReminder"("orgId", "acknowledgementId");
CREATE TRIGGER policy_reminder_append_only BEFORE UPDATE OR DELETE ON "PolicyReminder"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER policy_reminder_no_truncate BEFORE TRUNCATE ON "PolicyReminder"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"PolicyReminder"');

-- Explicit, although the default privileges (audit_hardening) already grant them; the triggers above
-- refuse what must not happen (app-role.int.test.ts expects the four DML grants on such tables).
GRANT SELECT, INSERT, UPDATE, DELETE ON "WorkforcePerson", "PolicyAcknowledgement" TO vetted_app;
