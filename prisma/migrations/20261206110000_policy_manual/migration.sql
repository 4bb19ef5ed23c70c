-- Issue 13, the social media policy & procedures manual (45 CFR 164.530(i)): one manual per client
-- org, its versions (draft -> review -> approved by a compliance officer -> effective on a date) and
-- the quiz the workforce answers when they acknowledge a version. Kept 6 years (164.530(j)): nothing
-- here is ever deleted, an approved version never changes, and a quiz question that was asked is
-- replaced by a new row instead of being edited.

CREATE TYPE "PolicyVersionStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'APPROVED', 'SUPERSEDED_DRAFT');

CREATE TABLE "PolicyManual" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "ownerId" UUID,
    "reviewDueAt" TIMESTAMPTZ(3),
    "ackCadenceDays" INTEGER NOT NULL DEFAULT 365,
    "quizPassPercent" INTEGER NOT NULL DEFAULT 80,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PolicyManual_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyManual_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyManual_cadence" CHECK ("ackCadenceDays" BETWEEN 30 AND 1095),
    CONSTRAINT "PolicyManual_pass_percent" CHECK ("quizPassPercent" BETWEEN 0 AND 100)
);
CREATE UNIQUE INDEX "PolicyManual_orgId_key" ON "PolicyManual"("orgId");
-- For composite foreign keys that keep a version or question in its manual's org.
CREATE UNIQUE INDEX "PolicyManual_id_orgId_key" ON "PolicyManual"("id", "orgId");

-- sections = [{ key, title, body, generated, source? }]: generated sections mirror the org's settings
-- (source names which), the rest is the officer's text (plain text / limited markdown, rendered inert).
-- contentSha256 = SHA-256 of the canonical JSON of { number, effectiveAt, sections }
-- (packages/domain/src/policy/policy-content-hash.ts), also written to the audit trail on approval.
CREATE TABLE "PolicyManualVersion" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "manualId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "PolicyVersionStatus" NOT NULL DEFAULT 'DRAFT',
    "sections" JSONB NOT NULL,
    "material" BOOLEAN NOT NULL DEFAULT true,
    "changeSummary" TEXT NOT NULL DEFAULT '',
    "proposedBy" TEXT,
    "createdById" UUID,
    "editedById" UUID,
    "submittedById" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "returnReason" TEXT,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "effectiveAt" TIMESTAMPTZ(3),
    "contentSha256" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PolicyManualVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyManualVersion_manual_fkey" FOREIGN KEY ("manualId", "orgId") REFERENCES "PolicyManual"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyManualVersion_number" CHECK ("number" >= 1),
    CONSTRAINT "PolicyManualVersion_sections_array" CHECK (jsonb_typeof("sections") = 'array'),
    CONSTRAINT "PolicyManualVersion_proposed_by" CHECK ("proposedBy" IS NULL OR "proposedBy" ~ '^(user|settings:[a-z_]{1,40})$'),
    CONSTRAINT "PolicyManualVersion_sha256_format" CHECK ("contentSha256" IS NULL OR "contentSha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "PolicyManualVersion_submitted" CHECK ("status" NOT IN ('IN_REVIEW', 'APPROVED') OR ("submittedById" IS NOT NULL AND "submittedAt" IS NOT NULL)),
    CONSTRAINT "PolicyManualVersion_approved" CHECK (("status" = 'APPROVED') = (
        "approvedById" IS NOT NULL AND "approvedAt" IS NOT NULL AND "effectiveAt" IS NOT NULL AND "contentSha256" IS NOT NULL)),
    -- Four eyes: the approver neither wrote, last edited nor submitted the version.
    CONSTRAINT "PolicyManualVersion_four_eyes" CHECK ("approvedById" IS NULL OR (
        "approvedById" IS DISTINCT FROM "createdById" AND "approvedById" IS DISTINCT FROM "editedById" AND "approvedById" IS DISTINCT FROM "submittedById"))
);
CREATE UNIQUE INDEX "PolicyManualVersion_orgId_number_key" ON "PolicyManualVersion"("orgId", "number");
CREATE INDEX "PolicyManualVersion_orgId_status_effectiveAt_idx" ON "PolicyManualVersion"("orgId", "status", "effectiveAt");
CREATE UNIQUE INDEX "PolicyManualVersion_id_orgId_key" ON "PolicyManualVersion"("id", "orgId");
-- At most one open version (draft or in review) per org: a settings change refreshes it, never forks it.
CREATE UNIQUE INDEX "PolicyManualVersion_one_open_key" ON "PolicyManualVersion"("orgId") WHERE "status" IN ('DRAFT', 'IN_REVIEW');

-- An approved (or superseded) version is a record: no UPDATE at all. No version is ever deleted.
-- Enforced for the owner too; the app role keeps its ordinary grants (drafts are updated).
CREATE FUNCTION policy_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'PolicyManualVersion rows are kept (164.530(j)): % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD."status" IN ('APPROVED', 'SUPERSEDED_DRAFT') THEN
    RAISE EXCEPTION 'PolicyManualVersion % is % and immutable', OLD."id", OLD."status"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."id" <> OLD."id" OR NEW."orgId" <> OLD."orgId" OR NEW."manualId" <> OLD."manualId" OR NEW."number" <> OLD."number" THEN
    RAISE EXCEPTION 'PolicyManualVersion identity columns are immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER policy_version_immutable BEFORE UPDATE OR DELETE ON "PolicyManualVersion"
  FOR EACH ROW EXECUTE FUNCTION policy_version_immutable();
CREATE TRIGGER policy_version_no_truncate BEFORE TRUNCATE ON "PolicyManualVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION policy_version_immutable();

-- A question that may have been asked is evidence of what was asked: only "active" changes (a question
-- is retired, or replaced by a new row via "replacedById"); no DELETE.
CREATE TABLE "PolicyQuizQuestion" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "manualId" UUID NOT NULL,
    "prompt" TEXT NOT NULL,
    "choices" TEXT[] NOT NULL,
    "correctIndex" INTEGER NOT NULL,
    "sectionKey" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "replacedById" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyQuizQuestion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PolicyQuizQuestion_manual_fkey" FOREIGN KEY ("manualId", "orgId") REFERENCES "PolicyManual"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "PolicyQuizQuestion_prompt" CHECK (length("prompt") BETWEEN 1 AND 500),
    CONSTRAINT "PolicyQuizQuestion_choices" CHECK (cardinality("choices") BETWEEN 2 AND 6 AND array_position("choices", NULL) IS NULL),
    CONSTRAINT "PolicyQuizQuestion_correct" CHECK ("correctIndex" >= 0 AND "correctIndex" < cardinality("choices")),
    CONSTRAINT "PolicyQuizQuestion_section_key" CHECK ("sectionKey" IS NULL OR "sectionKey" ~ '^[a-z][a-z0-9-]{0,39}$')
);
CREATE INDEX "PolicyQuizQuestion_orgId_active_idx" ON "PolicyQuizQuestion"("orgId", "active");
CREATE UNIQUE INDEX "PolicyQuizQuestion_id_orgId_key" ON "PolicyQuizQuestion"("id", "orgId");

CREATE FUNCTION policy_quiz_question_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (to_jsonb(NEW) - 'active' - 'replacedById') = (to_jsonb(OLD) - 'active' - 'replacedById')
       AND (OLD."replacedById" IS NULL OR NEW."replacedById" = OLD."replacedById") THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'PolicyQuizQuestion rows are kept as asked: % is not allowed (retire or replace it)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER policy_quiz_question_kept BEFORE UPDATE OR DELETE ON "PolicyQuizQuestion"
  FOR EACH ROW EXECUTE FUNCTION policy_quiz_question_kept();
CREATE TRIGGER policy_quiz_question_no_truncate BEFORE TRUNCATE ON "PolicyQuizQuestion"
  FOR EACH STATEMENT EXECUTE FUNCTION policy_quiz_question_kept();

-- Explicit, although the default privileges (audit_hardening) already grant them; the triggers above
-- refuse what must not happen (app-role.int.test.ts expects the four DML grants on such tables).
GRANT SELECT, INSERT, UPDATE, DELETE ON "PolicyManual", "PolicyManualVersion", "PolicyQuizQuestion" TO vetted_app;
