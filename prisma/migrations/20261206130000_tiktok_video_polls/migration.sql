-- TikTok (issue 12): the comment poll also lists the comments of videos an account published itself
-- (found through TikTok's video list, not handed off by Vetted). Such a row has no handoff; one per
-- account and video.
ALTER TABLE "CommentPoll" ALTER COLUMN "handoffId" DROP NOT NULL;
CREATE UNIQUE INDEX "CommentPoll_discovered_accountId_postExternalId_key" ON "CommentPoll"("accountId", "postExternalId") WHERE "handoffId" IS NULL;
