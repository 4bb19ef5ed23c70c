-- The web request behind a mail or a comment event, for the worker's log lines (issue 15). uuid, not
-- text like ScanJob's: only ids the web made are stored, and the column itself refuses anything else.
ALTER TABLE "OutboxMail" ADD COLUMN "requestId" UUID;
ALTER TABLE "CommentEvent" ADD COLUMN "requestId" UUID;
