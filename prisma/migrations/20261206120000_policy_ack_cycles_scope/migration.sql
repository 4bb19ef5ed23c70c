-- Issue 13, continued: re-acknowledgement on the org's cadence, the due period and who must acknowledge.
--
-- PolicyManual gets the due period (days a person has to sign, 1 to 90, default 30) and the scope of
-- the acknowledgements: departments and job roles of the roster (exact values). Both empty = every
-- active person; otherwise a person in one of the departments or with one of the roles.
ALTER TABLE "PolicyManual"
    ADD COLUMN "ackDueDays" INTEGER NOT NULL DEFAULT 30,
    ADD COLUMN "ackDepartments" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "ackJobRoles" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    ADD CONSTRAINT "PolicyManual_due_days" CHECK ("ackDueDays" BETWEEN 1 AND 90),
    ADD CONSTRAINT "PolicyManual_ack_scope" CHECK (
        cardinality("ackDepartments") <= 100 AND cardinality("ackJobRoles") <= 100
        AND array_position("ackDepartments", NULL) IS NULL AND array_position("ackJobRoles", NULL) IS NULL);

-- An acknowledgement is now one person's acknowledgement of one version in one cycle: cycle 1 when the
-- version is assigned, cycle n + 1 when the org's cadence (ackCadenceDays) has passed since cycle n
-- was signed. The reminders (PolicyReminder) hang off the acknowledgement, so a new cycle has its own.
ALTER TABLE "PolicyAcknowledgement"
    ADD COLUMN "cycle" INTEGER NOT NULL DEFAULT 1,
    ADD CONSTRAINT "PolicyAcknowledgement_cycle" CHECK ("cycle" >= 1);
DROP INDEX "PolicyAcknowledgement_versionId_personId_key";
CREATE UNIQUE INDEX "PolicyAcknowledgement_versionId_personId_cycle_key" ON "PolicyAcknowledgement"("versionId", "personId", "cycle");

-- The cycle is part of the record's identity: the trigger of 20261206111000 now keeps it too.
CREATE OR REPLACE FUNCTION policy_ack_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."signedAt" IS NULL
     AND NEW."id" = OLD."id" AND NEW."orgId" = OLD."orgId" AND NEW."versionId" = OLD."versionId"
     AND NEW."personId" = OLD."personId" AND NEW."cycle" = OLD."cycle" AND NEW."assignedAt" = OLD."assignedAt"
     AND NEW."readSeconds" >= OLD."readSeconds" AND NEW."attempts" >= OLD."attempts"
     AND (OLD."passedAt" IS NULL OR NEW."passedAt" = OLD."passedAt")
     AND (OLD."openedAt" IS NULL OR NEW."openedAt" = OLD."openedAt") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'PolicyAcknowledgement rows are kept (164.530(j)) and a signed one never changes: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The renewal sweep looks up each person's latest signed cycle of the version in force.
CREATE INDEX "PolicyAcknowledgement_orgId_versionId_personId_cycle_idx" ON "PolicyAcknowledgement"("orgId", "versionId", "personId", "cycle" DESC);
