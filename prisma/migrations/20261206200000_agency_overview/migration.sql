-- Issue 16, agency overview: one screen with every client org a person works in, sorted by what needs
-- attention. Its live counts come from indexed queries; the 12-week blocked-rate trend and the findings by
-- type come from a small daily rollup, so the page never reads every finding of twelve weeks.

-- Per org and UTC day: the revisions whose scan succeeded that day, how many of them had at least one
-- blocking finding, and their findings counted by type (types only, never text). Derived data: the worker
-- refreshes it every 15 minutes (packages/domain/src/dashboards/refresh-daily-stats.ts) and the overview
-- refreshes the current day when opened. Tenant-owned like every table with an orgId (TENANT_MODELS).
CREATE TABLE "OrgDailyStats" (
    "orgId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "revisionsScanned" INTEGER NOT NULL DEFAULT 0,
    "revisionsBlocked" INTEGER NOT NULL DEFAULT 0,
    "findingsByType" JSONB NOT NULL DEFAULT '{}',
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "OrgDailyStats_pkey" PRIMARY KEY ("orgId", "day"),
    CONSTRAINT "OrgDailyStats_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE RESTRICT,
    CONSTRAINT "OrgDailyStats_counts" CHECK ("revisionsScanned" >= 0 AND "revisionsBlocked" BETWEEN 0 AND "revisionsScanned"),
    CONSTRAINT "OrgDailyStats_findings" CHECK (jsonb_typeof("findingsByType") = 'object')
);

-- The rollup reads one org's scans by the day they finished (a range on finishedAt within the org).
CREATE INDEX "ScanJob_orgId_finishedAt_idx" ON "ScanJob"("orgId", "finishedAt");
-- The overview's comment counts: hidden now (hiddenAt set), and first responses past their deadline.
CREATE INDEX "SocialComment_orgId_hiddenAt_idx" ON "SocialComment"("orgId", "hiddenAt");
CREATE INDEX "SocialComment_orgId_responseDueAt_idx" ON "SocialComment"("orgId", "responseDueAt");
-- Posts waiting (Post_orgId_state_idx), incidents open (Incident_orgId_status_deadlineAt_idx) and consents
-- expiring (Consent_orgId_status_expiresAt_idx) already have theirs.
