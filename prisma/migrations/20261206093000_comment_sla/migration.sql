-- Issue 12: the org's comment-moderation settings get a first-response SLA; comments carry their
-- response deadline and the sweep's "due soon" / "overdue" marks; notifications can name a comment;
-- and comment snapshots past their retention can be purged (and only those).

-- Minutes within which a comment that needs review or a reply gets its first response. From 30
-- minutes (the "due soon" reminder goes 30 minutes ahead) to 7 days (Meta's private-reply window).
ALTER TABLE "Organization" ADD COLUMN "firstResponseSlaMinutes" INTEGER NOT NULL DEFAULT 240;
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_firstResponseSlaMinutes_range" CHECK ("firstResponseSlaMinutes" BETWEEN 30 AND 10080);

-- responseDueAt is set once, when the comment first needs a response; firstRespondedAt when a person
-- first decides or replies. slaWarnedAt / slaBreachedAt are set in the transaction that writes the
-- officers' notifications, so a second sweep (or a second worker) finds nothing left to send.
ALTER TABLE "SocialComment" ADD COLUMN "responseDueAt" TIMESTAMPTZ(3);
ALTER TABLE "SocialComment" ADD COLUMN "firstRespondedAt" TIMESTAMPTZ(3);
ALTER TABLE "SocialComment" ADD COLUMN "slaWarnedAt" TIMESTAMPTZ(3);
ALTER TABLE "SocialComment" ADD COLUMN "slaBreachedAt" TIMESTAMPTZ(3);
-- The sweep reads only comments still waiting for a first response and not yet reported overdue.
CREATE INDEX "SocialComment_sla_open_idx" ON "SocialComment"("responseDueAt")
  WHERE "responseDueAt" IS NOT NULL AND "firstRespondedAt" IS NULL AND "slaBreachedAt" IS NULL;

ALTER TABLE "Notification" ADD COLUMN "commentId" UUID;
CREATE INDEX "Notification_orgId_commentId_idx" ON "Notification"("orgId", "commentId");

-- CommentSnapshot was append-only (20261206081000_comment_moderation). Snapshots are kept for the
-- org's retention period and no longer: past retainUntil a row may be deleted (the worker's purge),
-- before it nothing may delete it, and nothing may ever rewrite or truncate it. The check is here, in
-- the database, so neither a bug in the app nor the owner can remove evidence early.
CREATE FUNCTION comment_snapshot_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD."retainUntil" < now() THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'CommentSnapshot is kept until retainUntil (purge-only): % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER comment_snapshot_append_only ON "CommentSnapshot";
CREATE TRIGGER comment_snapshot_retention BEFORE UPDATE OR DELETE ON "CommentSnapshot"
  FOR EACH ROW EXECUTE FUNCTION comment_snapshot_retention();
-- comment_snapshot_no_truncate (moderation_append_only) stays: TRUNCATE skips row triggers.
-- The app role may now delete (the trigger decides which rows); it still may not update or truncate.
GRANT DELETE ON "CommentSnapshot" TO vetted_app;
