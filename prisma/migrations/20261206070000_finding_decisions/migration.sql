-- Issue 10: per-finding decisions. A dismissal keeps its preset reason code beside the free text.
ALTER TABLE "Finding" ADD COLUMN "dismissReasonCode" TEXT;

-- MRN, SSN and date-of-birth findings cannot be approved over unless an admin allows it.
ALTER TABLE "ApprovalPolicy" ADD COLUMN "overridableDirectIdentifiers" BOOLEAN NOT NULL DEFAULT false;

-- One row per blocking finding an approval overrode, with its preset, justification and (for
-- "Consent on file") the consent that was checked.
CREATE TABLE "FindingOverride" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "approvalId" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "consentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingOverride_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "FindingOverride_approvalId_findingId_key" ON "FindingOverride"("approvalId", "findingId");
CREATE INDEX "FindingOverride_orgId_findingId_idx" ON "FindingOverride"("orgId", "findingId");
