-- Issue 10, defect 3: a rescan after a redaction re-checks every finding of the image the redacted
-- version was made from. The version remembers which boxes were obscured, and the scan job records
-- the outcome of each earlier finding (still present / removed by the redaction).
ALTER TABLE "Media" ADD COLUMN "redactedBoxes" JSONB;
ALTER TABLE "ScanJob" ADD COLUMN "priorOutcomes" JSONB;
