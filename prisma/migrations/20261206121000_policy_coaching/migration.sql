-- Coaching assignments (issue 13): a member whose content was found to hold PHI gets one section of the
-- manual in effect and one quiz question. One per trigger (the unique index makes a retried worker job or
-- a second resolution a no-op); kept for the training record, and a completed one never changes.

CREATE TYPE "CoachingTrigger" AS ENUM ('POST_BLOCKED', 'GROUP_REPORT', 'INCIDENT');

CREATE TABLE "CoachingAssignment" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "trigger" "CoachingTrigger" NOT NULL,
    "triggerId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "sectionKey" TEXT NOT NULL,
    "questionId" UUID,
    "findingTypes" TEXT[],
    "openedAt" TIMESTAMPTZ(3),
    "readSeconds" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CoachingAssignment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CoachingAssignment_org_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "CoachingAssignment_version_fkey" FOREIGN KEY ("versionId", "orgId") REFERENCES "PolicyManualVersion"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "CoachingAssignment_question_fkey" FOREIGN KEY ("questionId", "orgId") REFERENCES "PolicyQuizQuestion"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "CoachingAssignment_section_key" CHECK ("sectionKey" ~ '^[a-z][a-z0-9-]{0,39}$'),
    CONSTRAINT "CoachingAssignment_counts" CHECK ("readSeconds" >= 0 AND "attempts" >= 0)
);
CREATE UNIQUE INDEX "CoachingAssignment_orgId_trigger_triggerId_key" ON "CoachingAssignment"("orgId", "trigger", "triggerId");
CREATE UNIQUE INDEX "CoachingAssignment_id_orgId_key" ON "CoachingAssignment"("id", "orgId");
CREATE INDEX "CoachingAssignment_orgId_userId_completedAt_idx" ON "CoachingAssignment"("orgId", "userId", "completedAt");

-- What was assigned stays as assigned; progress only grows, and once completed the row is closed.
CREATE FUNCTION coaching_assignment_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."completedAt" IS NULL
     AND NEW."id" = OLD."id" AND NEW."orgId" = OLD."orgId" AND NEW."userId" = OLD."userId"
     AND NEW."trigger" = OLD."trigger" AND NEW."triggerId" = OLD."triggerId" AND NEW."versionId" = OLD."versionId"
     AND NEW."sectionKey" = OLD."sectionKey" AND NEW."questionId" IS NOT DISTINCT FROM OLD."questionId"
     AND NEW."readSeconds" >= OLD."readSeconds" AND NEW."attempts" >= OLD."attempts"
     AND (OLD."openedAt" IS NULL OR NEW."openedAt" = OLD."openedAt") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'CoachingAssignment rows are kept as training records and a completed one never changes: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER coaching_assignment_kept BEFORE UPDATE OR DELETE ON "CoachingAssignment"
  FOR EACH ROW EXECUTE FUNCTION coaching_assignment_kept();
CREATE TRIGGER coaching_assignment_no_truncate BEFORE TRUNCATE ON "CoachingAssignment"
  FOR EACH STATEMENT EXECUTE FUNCTION coaching_assignment_kept();

CREATE TABLE "CoachingAttempt" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "assignmentId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "chosenIndex" INTEGER NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoachingAttempt_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CoachingAttempt_assignment_fkey" FOREIGN KEY ("assignmentId", "orgId") REFERENCES "CoachingAssignment"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "CoachingAttempt_question_fkey" FOREIGN KEY ("questionId", "orgId") REFERENCES "PolicyQuizQuestion"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "CoachingAttempt_chosen" CHECK ("chosenIndex" BETWEEN 0 AND 5)
);
CREATE INDEX "CoachingAttempt_orgId_assignmentId_idx" ON "CoachingAttempt"("orgId", "assignmentId");
CREATE TRIGGER coaching_attempt_append_only BEFORE UPDATE OR DELETE ON "CoachingAttempt"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER coaching_attempt_no_truncate BEFORE TRUNCATE ON "CoachingAttempt"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"CoachingAttempt"');
