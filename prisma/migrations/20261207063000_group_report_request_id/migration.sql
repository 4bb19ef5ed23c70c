-- The web request that reported a group-post screenshot (issue 15): its OCR job carries the id, so the
-- worker's log lines and the mails the job sends can be found with the id of the request behind them.
ALTER TABLE "GroupReport" ADD COLUMN "requestId" UUID;
