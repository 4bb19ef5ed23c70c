-- Issue 16, per-client compliance report: the monthly mail telling a client's admins that last month's
-- report is ready (a link, never the report: it quotes override justifications). One row per org and
-- period, written in the transaction that queues the mails: the unique index is what keeps a rerun, or
-- a second worker at the same moment, from mailing anyone twice. A record of who was told: append-only.
CREATE TABLE "ComplianceReportMailing" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "mailedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceReportMailing_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ComplianceReportMailing_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ComplianceReportMailing_period_format" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
    CONSTRAINT "ComplianceReportMailing_recipients" CHECK ("recipients" >= 0)
);
CREATE UNIQUE INDEX "ComplianceReportMailing_orgId_period_key" ON "ComplianceReportMailing"("orgId", "period");
CREATE TRIGGER compliance_report_mailing_append_only BEFORE UPDATE OR DELETE ON "ComplianceReportMailing"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER compliance_report_mailing_no_truncate BEFORE TRUNCATE ON "ComplianceReportMailing"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"ComplianceReportMailing"');
