-- Issue 12, private and employee groups and incidents: posts reported from groups no platform API
-- reads (pasted, screenshot through the worker's OCR, or forwarded to the org's intake address), the
-- compliance officer's coaching notes to the employee, and the breach incidents (45 CFR 164.402(2)
-- risk assessment, 164.404(b) 60-day deadline). Every free text is a consent-key envelope
-- (v1:<keyId>:<iv>:<tag>:<ct>) bound by its AAD to org, table, row and field.

CREATE TYPE "GroupReportSource" AS ENUM ('PASTE', 'SCREENSHOT', 'EMAIL');
CREATE TYPE "GroupReportStatus" AS ENUM ('SCANNING', 'OPEN', 'RESOLVED', 'SCAN_FAILED');
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'ASSESSED', 'CLOSED');
CREATE TYPE "IncidentConclusion" AS ENUM ('LOW_PROBABILITY', 'NOTIFICATION_REQUIRED');
CREATE TYPE "IncidentOutcome" AS ENUM ('NOTIFIED', 'NOT_REQUIRED');

-- The row is its own OCR outbox: a SCANNING screenshot with "ocrEnqueuedAt" null waits for the sweeper.
CREATE TABLE "GroupReport" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "source" "GroupReportSource" NOT NULL,
    "channel" "Channel" NOT NULL,
    "groupNameCipher" TEXT,
    "authorUserId" UUID,
    "authorNameCipher" TEXT,
    "postedAt" TIMESTAMPTZ(3),
    "textCipher" TEXT,
    "ocrTextCipher" TEXT,
    "textSha256" TEXT,
    "screenshotKey" TEXT,
    "reporterId" UUID,
    "reporterEmailCipher" TEXT,
    "status" "GroupReportStatus" NOT NULL DEFAULT 'OPEN',
    "verdict" TEXT,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "scannedAt" TIMESTAMPTZ(3),
    "ocrEnqueuedAt" TIMESTAMPTZ(3),
    "ocrErrorCode" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GroupReport_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GroupReport_envelopes" CHECK (
        ("groupNameCipher" IS NULL OR "groupNameCipher" LIKE 'v1:%') AND ("authorNameCipher" IS NULL OR "authorNameCipher" LIKE 'v1:%') AND
        ("textCipher" IS NULL OR "textCipher" LIKE 'v1:%') AND ("ocrTextCipher" IS NULL OR "ocrTextCipher" LIKE 'v1:%') AND
        ("reporterEmailCipher" IS NULL OR "reporterEmailCipher" LIKE 'v1:%')),
    -- A screenshot report carries its file; a pasted or forwarded one its text.
    CONSTRAINT "GroupReport_source_content" CHECK (CASE WHEN "source" = 'SCREENSHOT' THEN "screenshotKey" IS NOT NULL ELSE "textCipher" IS NOT NULL END),
    CONSTRAINT "GroupReport_verdict" CHECK ("verdict" IS NULL OR "verdict" IN ('block', 'review', 'allow')),
    CONSTRAINT "GroupReport_sha256_format" CHECK ("textSha256" IS NULL OR "textSha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "GroupReport_error_code" CHECK ("ocrErrorCode" IS NULL OR "ocrErrorCode" ~ '^[A-Z_]{1,64}$')
);
CREATE INDEX "GroupReport_orgId_status_createdAt_idx" ON "GroupReport"("orgId", "status", "createdAt");
CREATE INDEX "GroupReport_orgId_reporterId_idx" ON "GroupReport"("orgId", "reporterId");

-- groups+<token>@INTAKE_DOMAIN: one per org; the token (random, URL-safe) is what routes a forward.
CREATE TABLE "GroupIntakeAddress" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupIntakeAddress_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GroupIntakeAddress_token_format" CHECK ("token" ~ '^[a-z0-9]{16,64}$')
);
CREATE UNIQUE INDEX "GroupIntakeAddress_orgId_key" ON "GroupIntakeAddress"("orgId");
CREATE UNIQUE INDEX "GroupIntakeAddress_token_key" ON "GroupIntakeAddress"("token");

CREATE TABLE "CoachingNote" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "employeeId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "textCipher" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "CoachingNote_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CoachingNote_text_envelope" CHECK ("textCipher" LIKE 'v1:%')
);
CREATE INDEX "CoachingNote_orgId_employeeId_createdAt_idx" ON "CoachingNote"("orgId", "employeeId", "createdAt");
CREATE INDEX "CoachingNote_orgId_reportId_idx" ON "CoachingNote"("orgId", "reportId");

-- 164.404(b): individuals are notified without unreasonable delay and in no case later than 60
-- calendar days after discovery. The deadline is derived, never typed: the CHECK keeps it so (in hours,
-- so a daylight-saving change in the session time zone cannot move it).
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "reportId" UUID,
    "commentId" UUID,
    "employeeId" UUID,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "discoveredAt" TIMESTAMPTZ(3) NOT NULL,
    "deadlineAt" TIMESTAMPTZ(3) NOT NULL,
    "assessment" JSONB NOT NULL DEFAULT '{}',
    "conclusion" "IncidentConclusion",
    "outcome" "IncidentOutcome",
    "notifiedAt" TIMESTAMPTZ(3),
    "openedById" UUID,
    "assessedAt" TIMESTAMPTZ(3),
    "assessedById" UUID,
    "closedAt" TIMESTAMPTZ(3),
    "closedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Incident_one_source" CHECK (num_nonnulls("reportId", "commentId") = 1),
    CONSTRAINT "Incident_deadline" CHECK ("deadlineAt" = "discoveredAt" + interval '1440 hours'),
    CONSTRAINT "Incident_closed" CHECK (("status" = 'CLOSED') = ("closedAt" IS NOT NULL AND "outcome" IS NOT NULL)),
    CONSTRAINT "Incident_assessed" CHECK ("status" = 'OPEN' OR ("assessedAt" IS NOT NULL AND "conclusion" IS NOT NULL)),
    CONSTRAINT "Incident_notified" CHECK ("outcome" IS DISTINCT FROM 'NOTIFIED' OR "notifiedAt" IS NOT NULL)
);
CREATE UNIQUE INDEX "Incident_reportId_key" ON "Incident"("reportId");
CREATE UNIQUE INDEX "Incident_commentId_key" ON "Incident"("commentId");
CREATE INDEX "Incident_orgId_status_deadlineAt_idx" ON "Incident"("orgId", "status", "deadlineAt");

-- Explicit, although the default privileges (audit_hardening) already grant them. Nothing here is
-- deleted by the app: reports, notes and incidents are the compliance record.
GRANT SELECT, INSERT, UPDATE ON "GroupReport", "GroupIntakeAddress", "CoachingNote", "Incident" TO vetted_app;
