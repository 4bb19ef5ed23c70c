-- Issue 11, item 7 (feedback loop): a compliance officer's correction of the text scanner on one
-- revision. NOT_PHI names a finding the officer says is not PHI (its span and type copied from the
-- finding); MISSED_PHI is a span (UTF-16 offsets into the revision's text or a channel variant) and a
-- PHI type the scanner did not find. The text itself stays on the revision; rows hold offsets only.
CREATE TYPE "ScannerFeedbackKind" AS ENUM ('NOT_PHI', 'MISSED_PHI');

CREATE TABLE "ScannerFeedback" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "kind" "ScannerFeedbackKind" NOT NULL,
    "findingId" UUID,
    "source" TEXT NOT NULL DEFAULT 'TEXT',
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawnById" UUID,

    CONSTRAINT "ScannerFeedback_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ScannerFeedback_finding_iff_not_phi" CHECK (("kind" = 'NOT_PHI') = ("findingId" IS NOT NULL)),
    CONSTRAINT "ScannerFeedback_span" CHECK ("start" >= 0 AND "end" > "start"),
    CONSTRAINT "ScannerFeedback_source" CHECK ("source" ~ '^TEXT(:[A-Z_]+)?$'),
    CONSTRAINT "ScannerFeedback_withdrawal" CHECK (("withdrawnAt" IS NULL) = ("withdrawnById" IS NULL))
);

CREATE INDEX "ScannerFeedback_orgId_revisionId_idx" ON "ScannerFeedback"("orgId", "revisionId");
CREATE INDEX "ScannerFeedback_orgId_createdAt_idx" ON "ScannerFeedback"("orgId", "createdAt");

-- No duplicate labels: one standing NOT_PHI per finding, one standing MISSED_PHI per span of a text.
-- A withdrawn label leaves the way open for a new one (partial indexes; Prisma's schema cannot say so).
CREATE UNIQUE INDEX "ScannerFeedback_standing_not_phi_key" ON "ScannerFeedback"("findingId")
  WHERE "kind" = 'NOT_PHI' AND "withdrawnAt" IS NULL;
CREATE UNIQUE INDEX "ScannerFeedback_standing_missed_phi_key" ON "ScannerFeedback"("revisionId", "source", "start", "end")
  WHERE "kind" = 'MISSED_PHI' AND "withdrawnAt" IS NULL;

-- vetted_app gets the usual DML grants through the default privileges (audit_hardening). The app
-- never deletes or edits a label: undo sets withdrawnAt/withdrawnById, and both are audited.
