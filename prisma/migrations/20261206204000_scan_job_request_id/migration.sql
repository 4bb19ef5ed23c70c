-- The web request that asked for a scan, for the worker's log lines (issue 15).
ALTER TABLE "ScanJob" ADD COLUMN "requestId" TEXT;
